"""Who may read and change the directory."""

import rules

from duban.accounts.rules import is_admin, is_supervisor

# Everybody signed in reads the directory (to know whom a task names);
# the office's supervisors and the admins keep it up to date.
can_edit_directory = is_supervisor | is_admin
rules.add_perm("units.view_directory", rules.is_authenticated)
rules.add_perm("units.edit_directory", can_edit_directory)
