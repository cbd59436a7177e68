"""Where a distributed issue meets the rest of the platform: found by search (under the issue's own access, so
only its readers and the editors find it) and filed to the archives as one item whose file is the issue's DOCX."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from zhongshu.archives.filing import FilingData, FilingFile, FilingSource, register_filing_source
from zhongshu.archives.models import FileRole, Retention
from zhongshu.information.models import IssueState, PublicationIssue
from zhongshu.information.publication_docx import docx_name, issue_docx
from zhongshu.information.publications import issue_label
from zhongshu.search.registry import SearchSource, SearchText, register_source


def issue_text(issue: PublicationIssue) -> SearchText | None:
    """A distributed issue's words: its title and every entry; an issue not yet distributed is not found."""
    if issue.state != IssueState.DISTRIBUTED:
        return None
    entries = list(issue.entries.order_by("position", "id"))
    return SearchText(
        title=issue_label(issue) + (f"：{issue.title}" if issue.title else ""),
        body="\n".join(f"{entry.headline}\n{entry.body}" for entry in entries),
        url=reverse("information:issue", args=[issue.pk]),
        date=issue.published_on,
        unit_id=issue.owner_unit_id,
        reference=f"{issue.year}年第{issue.number}期" if issue.number else "",
        names=(issue.publication.name, issue.publication.editing_unit),
    )


def issues_to_index() -> QuerySet[PublicationIssue]:
    return PublicationIssue.objects.select_related("publication").prefetch_related("entries")


def is_fileable(issue: PublicationIssue) -> str | None:
    if issue.state != IssueState.DISTRIBUTED:
        return f"刊期尚未分发（当前状态：{issue.get_state_display()}），不能归档"
    return None


def pending(queryset: QuerySet[PublicationIssue]) -> QuerySet[PublicationIssue]:
    return queryset.filter(state=IssueState.DISTRIBUTED)


def describe(issue: PublicationIssue) -> FilingData:
    entries = list(issue.entries.select_related("item__unit").order_by("position", "id"))
    day = issue.published_on
    assert day is not None
    owner = issue.owner_unit
    return FilingData(
        title=issue_label(issue) + (f"：{issue.title}" if issue.title else ""),
        self_made_title=True,
        year=issue.year,
        date=day,
        org_code=(owner.code if owner is not None else "") or "QT",
        org_name=issue.publication.editing_unit,
        responsible=issue.publication.editing_unit,
        doc_number=f"{issue.year}年第{issue.number}期",
        retention=Retention.Y30,
        pages=max(1, len(entries)),
        body_text="\n".join(f"{entry.headline}\n{entry.body}" for entry in entries),
        files=[
            FilingFile(
                name=docx_name(issue),
                role=FileRole.ATTACHMENT,
                render=lambda: issue_docx(issue, entries),
            )
        ],
        classification=issue.classification,
        secrecy_term_years=issue.secrecy_term_years,
        owner_person_id=issue.owner_person_id,
        owner_unit_id=issue.owner_unit_id,
        need_to_know_people=list(issue.need_to_know_people.values_list("pk", flat=True)),
        need_to_know_units=list(issue.need_to_know_units.values_list("pk", flat=True)),
    )


def register_joints() -> None:
    register_filing_source(
        FilingSource(
            model=PublicationIssue,
            kind="information_issue",
            label="信息刊物",
            is_fileable=is_fileable,
            describe=describe,
            pending=pending,
            url=lambda issue: reverse("information:issue", args=[issue.pk]),
        )
    )
    register_source(
        SearchSource(
            kind="information_issue",
            label="信息刊物",
            model=PublicationIssue,
            to_text=issue_text,
            queryset=issues_to_index,
        )
    )
