from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lac.accounts.models import Membership, Neighbourhood, Network, Programme, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    filter_horizontal = ["neighbourhoods"]


@admin.register(User)
class LacUserAdmin(UserAdmin):
    inlines = [MembershipInline]


class NeighbourhoodInline(admin.TabularInline):
    model = Neighbourhood
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "council", "network", "start_date"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NeighbourhoodInline]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "programme", "network"]
    list_filter = ["role", "programme"]
    filter_horizontal = ["neighbourhoods"]
