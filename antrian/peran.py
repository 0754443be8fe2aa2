"""Roles as Django groups with model permissions, kept in step after every migrate."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from antrian import izin

# app_label -> codename prefixes each role holds. Tiket state is never editable by hand: nobody gets
# change_tiket or change_peristiwa; transitions go through services only.
_HAK = {
    izin.GRUP_ADMIN: {
        "antrian": ["add_", "change_", "view_", "delete_"],
        "layanan": ["add_", "change_", "view_", "delete_"],
        "keluhan": ["add_", "change_", "view_", "delete_"],
        "portal": ["view_", "change_"],
    },
    izin.GRUP_MANAJER: {"antrian": ["view_"], "layanan": ["view_"], "keluhan": ["view_"]},
    izin.GRUP_SUPERVISOR: {"antrian": ["view_"], "layanan": ["view_"], "keluhan": ["view_"]},
    izin.GRUP_PETUGAS: {"antrian": ["view_"], "layanan": ["view_"], "keluhan": ["view_"]},
    izin.GRUP_WARGA: {},
}
_TIDAK_PERNAH = {
    "change_tiket",
    "delete_tiket",
    "change_peristiwa",
    "delete_peristiwa",
    "add_peristiwa",
    "add_tiket",
}


def sinkron_grup(**kwargs: Any) -> None:
    for nama, per_app in _HAK.items():
        grup, _ = Group.objects.get_or_create(name=nama)
        syarat = Q(pk__in=[])
        for app_label, awalan in per_app.items():
            for a in awalan:
                syarat |= Q(content_type__app_label=app_label, codename__startswith=a)
        hak = Permission.objects.filter(syarat).exclude(codename__in=_TIDAK_PERNAH)
        grup.permissions.set(hak)
