"""What other apps may react to without the plans app knowing them."""

from django.dispatch import Signal

# Sent inside plan_revise's transaction with old= and new= (Plan): records attached to the old
# revision's items (activities) follow the items with the same code in the new one.
plan_revised = Signal()
