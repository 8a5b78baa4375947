"""Every write to the indicator catalogue names a new catalogue state (CatalogueVersion.renew).

Signals rather than calls in each service, so that no path is missed: the settings pages, the
catalogue loader, the admin, a shell, the tests. Bulk queryset writes, which send no signals,
renew in CatalogueQuerySet; data migrations run with historical models, which send no signals
to these receivers either: the end of every `migrate` renews.
"""

import uuid
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from greenplan.orgs.models import UnitKind
from greenplan.reporting.models import CatalogueVersion, Indicator, ValidationRule

_M2M_WRITES = {"post_add", "post_remove", "post_clear"}


def _written(sender: type, using: str = "default", **kwargs: Any) -> None:
    CatalogueVersion.renew(using)


def _kinds_changed(sender: type, action: str, using: str = "default", **kwargs: Any) -> None:
    if action in _M2M_WRITES:
        CatalogueVersion.renew(using)


def _migrated(sender: AppConfig, apps: Any = None, using: str = "default", **kwargs: Any) -> None:
    # The migrated state's model: after migrating backwards the table may not exist any more.
    try:
        version = apps.get_model("reporting", "CatalogueVersion") if apps else CatalogueVersion
    except LookupError:
        return
    version.objects.using(using).update_or_create(pk=1, defaults={"token": uuid.uuid4()})


def connect(config: AppConfig) -> None:
    for model in (Indicator, ValidationRule):
        post_save.connect(_written, sender=model, dispatch_uid=f"catalogue-saved-{model.__name__}")
        post_delete.connect(_written, sender=model, dispatch_uid=f"catalogue-deleted-{model.__name__}")
    m2m_changed.connect(_kinds_changed, sender=Indicator.reporting_kinds.through, dispatch_uid="catalogue-kinds")
    # Deleting a unit kind deletes its link rows to indicators by cascade, and Django sends no
    # signal for the rows of an automatic link table.
    post_delete.connect(_written, sender=UnitKind, dispatch_uid="catalogue-kind-deleted")
    post_migrate.connect(_migrated, sender=config, dispatch_uid="catalogue-migrated")
