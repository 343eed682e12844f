"""The landing page: each role goes where its work is."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from duban.accounts.models import User

# Where each role starts its day. Routes of apps that are not installed are skipped.
START_PAGE = {
    User.Role.SUPERVISOR: "plans:list",
    User.Role.LEADER: "cockpit:home",
    User.Role.OFFICER: "plans:inbox",
    User.Role.HEAD: "plans:inbox",
}


@login_required
def home(request):
    name = START_PAGE.get(request.user.role)
    if name:
        try:
            return redirect(reverse(name))
        except NoReverseMatch:
            pass
    return render(request, "home.html")
