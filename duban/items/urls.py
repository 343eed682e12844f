from django.urls import path

from . import order_views, views

app_name = "items"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_new, name="new"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/extension/", views.extend, name="extend"),
    path("extensions/<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/orders/new/", order_views.order_new, name="order_new"),
    path("tasks/<int:pk>/orders/new/", order_views.task_order_new, name="task_order_new"),
    path("orders/", order_views.order_list, name="orders"),
    path("orders/<int:pk>/", order_views.order_page, name="order"),
    path("orders/<int:pk>/sign/", order_views.order_sign, name="order_sign"),
    path("orders/<int:pk>/reply/", order_views.order_reply, name="order_reply"),
    path("orders/<int:pk>/close/", order_views.order_close, name="order_close"),
    path("orders/<int:pk>/docx/", order_views.order_docx_view, name="order_docx"),
    path("bulletin/", order_views.bulletin_page, name="bulletin"),
    path("bulletin/docx/", order_views.bulletin_docx_view, name="bulletin_docx"),
]
