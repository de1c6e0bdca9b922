"""Admin form posts and the URLs of the admin views the editorial tests use."""

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from stadtteil_pages.models import ContactPerson, MeetingPage


def page_form(page, **changes):
    """The edit form of a meeting or a simple page, as the admin posts it."""
    page = page.get_latest_revision_as_object() if page.pk else page
    data = {
        "title": page.title,
        "slug": page.slug,
        "introduction": page.introduction,
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    if isinstance(page, MeetingPage):
        data.update(
            status=page.status,
            start=page.start.astimezone().strftime("%Y-%m-%d %H:%M") if page.start else "",
            end=page.end.astimezone().strftime("%Y-%m-%d %H:%M") if page.end else "",
            venue=page.venue_id or "",
            agenda=streamfield([]),
            documents=inline_formset([]),
        )
    data.update(changes)
    return nested_form_data(data)


def contact_form(contact, **changes):
    contact = contact.get_latest_revision_as_object()
    data = {
        "name": contact.name,
        "role": contact.role,
        "organisation": contact.organisation,
        "phone": str(contact.phone or ""),
        "mobile": str(contact.mobile or ""),
        "email": contact.email,
        "office": contact.office,
        "street": contact.street,
        "postal_code": contact.postal_code,
        "city": contact.city,
        "office_hours": contact.office_hours,
    }
    data.update(changes)
    return nested_form_data(data)


def edit_url(obj):
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse(ContactPerson.snippet_viewset.get_url_name("edit"), args=[obj.pk])


def form_for(obj, **changes):
    if isinstance(obj, Page):
        return page_form(obj.specific, **changes)
    return contact_form(obj, **changes)


def title_field(obj):
    return "title" if isinstance(obj, Page) else "name"


def post_edit(client, obj, action=None, **changes):
    """Post the edit form; action is e.g. "action-submit" or "action-publish"."""
    data = form_for(obj, **changes)
    if action:
        data[action] = action
    return client.post(edit_url(obj), data)


def workflow_action_url(obj, action, task_state):
    if isinstance(obj, Page):
        name = "wagtailadmin_pages:workflow_action"
    else:
        name = ContactPerson.snippet_viewset.get_url_name("workflow_action")
    return reverse(name, args=[obj.pk, action, task_state.pk])


def approve(client, obj, comment=""):
    """Approve through the dashboard's modal view."""
    task_state = obj.current_workflow_task_state
    return client.post(workflow_action_url(obj, "approve", task_state), {"comment": comment})


def reject(client, obj, comment="Bitte Uhrzeit prüfen."):
    task_state = obj.current_workflow_task_state
    return client.post(workflow_action_url(obj, "reject", task_state), {"comment": comment})


def submit_as(user, obj, **changes):
    """What the admin does on "Submit for review": a revision, then the workflow."""
    obj = obj.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save_revision(user=user, log_action=True)
    return obj.get_workflow().start(obj, user)
