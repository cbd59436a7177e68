"""Screening submitted items (编辑处理): the near-duplicate check (查重) and the editors' actions.

查重. When an item is submitted (the submissions part calls `check_submission` inside the submitting
transaction) its title and body are fingerprinted with core.similarity's winnowing — the materials library's
code, not a copy — and the fingerprints stored (ItemFingerprint). Candidates are then found in ONE set-based
query: the stored fingerprints equal to the new item's, counted per item, the TOP_CANDIDATES with most in
common among the items submitted within ZHONGSHU_INFORMATION_DUPLICATE_DAYS (before or since: a backdated
item is compared too). The query reads only the (hash, item) index, a range per hash: item ids are bounded
below by the smallest id of an item submitted within the window (read from the submitted_at index), so five
years of fingerprints are not walked for a common phrase. Each candidate is scored in Python with `shared_passages` (the seeds are the two
texts' common fingerprints): the share of the shorter text found in the other. A candidate at or above
ZHONGSHU_INFORMATION_DUPLICATE_SHARE is flagged (DuplicateFlag): a unit resubmitting, or several units about
one event.

编辑处理 (editors only, `actions_screening.ITEM_RULES`; each service locks the item and checks its `version`
against another editor's change; each is audited as `information.screening.<action>`):
- 退回 (return) with a reason: the unit's writer is told and sees a 待办; he may edit and resubmit.
- 合并 (merge) one or more items into another: the target gets a new version whose text the editor writes
  (the page prefills both texts); the merged items become MERGED with `merged_into`. What we chose for credit:
  the target keeps its own unit (报送单位, the unit that scores); the merged items' units are shown on the target
  as 联合报送 (derived from `merged_items`, nothing stored), and are added to its need-to-know so their
  writers can follow it. Flags between the merged items are closed (dismissed by the merging editor).
- 编辑 (edit): a new ItemVersion; the item's title and body updated. Every earlier text stays.
- 采用 (adopt): ADOPTED with adopted_at/by; it may then go into an issue of a publication.
- 排除疑似重复 (dismiss a flag).
- 认定虚假信息 (mark false, on an adopted item) with the reason: the scoring part penalises it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core import similarity
from zhongshu.core.errors import ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.core.todos import TodoItem
from zhongshu.information.actions_screening import FLAG_RULES, ITEM_RULES, ScreenAction
from zhongshu.information.models import (
    DuplicateFlag,
    InfoReport,
    InfoType,
    ItemFingerprint,
    ItemState,
    ItemVersion,
)
from zhongshu.information.roles import is_editor, is_writer
from zhongshu.notifications.services import notify

# Candidates scored after the index query (most fingerprints in common first).
TOP_CANDIDATES = 12
# Items an earlier near-duplicate may be in: waiting, back with its unit, or adopted (not drafts, not merged).
COMPARABLE_STATES = (ItemState.SUBMITTED, ItemState.RETURNED, ItemState.ADOPTED)
REASON_MAX = 200
TITLE_MAX = 120
BODY_MAX = 20000
MERGE_MAX = 10


def item_text(title: str, body: str) -> str:
    """What is compared: the title and the body, as one text."""
    return f"{title}\n{body}"


def screening_url(item: InfoReport | int) -> str:
    """The editors' screening page of the item."""
    return reverse("information:screening_item", args=[item if isinstance(item, int) else item.pk])


def item_page_url(item: InfoReport) -> str:
    """The item's own page (the submissions part's), where its unit's writer edits and resubmits it."""
    return reverse("information:item", args=[item.pk])


# --- 查重 ----------------------------------------------------------------------------------------------------


def index_item(item: InfoReport) -> list[tuple[int, int]]:
    """Store the item's fingerprints (replacing any earlier ones: a resubmission, an edit); returns them as
    (offset, hash) pairs."""
    pairs = similarity.winnowed(item_text(item.title, item.body))
    ItemFingerprint.objects.filter(item_id=item.pk).delete()
    ItemFingerprint.objects.bulk_create(
        [ItemFingerprint(item_id=item.pk, hash=value) for value in sorted({h for _, h in pairs})]
    )
    return pairs


def window_first_id(since: Any) -> int | None:
    """The smallest id of an item submitted since `since`: every item submitted in the window has an id at
    least this (it was created before it was submitted). Read from the submitted_at index, the window's ids
    only: `MIN(id) WHERE submitted_at >= …` let SQLite walk the table by id from the oldest item."""
    ids = (
        InfoReport.objects.filter(submitted_at__gte=since)
        .order_by("submitted_at")
        .values_list("id", flat=True)
    )
    return min(ids, default=None)


def candidates(
    item: InfoReport, hashes: Iterable[int], *, limit: int = TOP_CANDIDATES
) -> list[tuple[int, int]]:
    """(item id, fingerprints in common) of the earlier items within the window sharing most fingerprints.

    One grouped query over the (hash, item) index alone — a range per hash from the window's first item id,
    no join, so no plan can walk the window's items instead — then the few top ids kept when they are items
    submitted within the window in a state worth comparing."""
    hashes = list(set(hashes))
    if not hashes:
        return []
    since = (item.submitted_at or timezone.now()) - timedelta(
        days=settings.ZHONGSHU_INFORMATION_DUPLICATE_DAYS
    )
    first_id = window_first_id(since)
    if first_id is None:
        return []
    rows = list(
        ItemFingerprint.objects.filter(hash__in=hashes, item_id__gte=first_id)
        .exclude(item_id=item.pk)
        .values("item_id")
        .annotate(common=Count("id"))
        .order_by("-common", "-item_id")[: limit * 2]
    )
    keep = set(
        InfoReport.objects.filter(
            pk__in=[row["item_id"] for row in rows], submitted_at__gte=since, state__in=COMPARABLE_STATES
        ).values_list("id", flat=True)
    )
    return [(row["item_id"], row["common"]) for row in rows if row["item_id"] in keep][:limit]


def share_of(
    a_text: str, b_text: str, a_pairs: Sequence[tuple[int, int]] | None = None
) -> tuple[float, list[similarity.Match]]:
    """The share of the shorter text found in the other (0–1) and the shared passages."""
    a_pairs = list(a_pairs) if a_pairs is not None else similarity.winnowed(a_text)
    b_pairs = similarity.winnowed(b_text)
    by_hash: dict[int, list[int]] = defaultdict(list)
    for offset, value in b_pairs:
        by_hash[value].append(offset)
    seeds = [(a_off, b_off) for a_off, value in a_pairs for b_off in by_hash.get(value, ())]
    if not seeds:
        return 0.0, []
    matches = similarity.shared_passages(a_text, b_text, seeds)
    shorter = min(len(similarity.normalised_text(a_text)), len(similarity.normalised_text(b_text)))
    if shorter == 0:
        return 0.0, matches
    return min(1.0, sum(match.length for match in matches) / shorter), matches


def check_submission(item: InfoReport) -> list[DuplicateFlag]:
    """Index the submitted item's text and flag the earlier items it nearly duplicates (from other units about
    the same event, or the unit's own resubmission); returns the flags made, most similar first."""
    pairs = index_item(item)
    found = candidates(item, (value for _, value in pairs))
    if not found:
        return []
    text = item_text(item.title, item.body)
    others = {
        row["id"]: row
        for row in InfoReport.objects.filter(pk__in=[pk for pk, _ in found]).values("id", "title", "body")
    }
    threshold = settings.ZHONGSHU_INFORMATION_DUPLICATE_SHARE
    flags: list[DuplicateFlag] = []
    for pk, _common in found:
        other = others.get(pk)
        if other is None:
            continue
        score, _ = share_of(text, item_text(other["title"], other["body"]), pairs)
        if score < threshold or score <= 0:
            continue
        flag, created = DuplicateFlag.objects.get_or_create(
            item=item, similar_id=pk, defaults={"score": round(score, 4)}
        )
        if not created and flag.dismissed_at is None and flag.score != round(score, 4):
            flag.score = round(score, 4)
            flag.flagged_at = timezone.now()
            flag.save(update_fields=["score", "flagged_at"])
        flags.append(flag)
    return sorted(flags, key=lambda f: -f.score)


# --- side by side ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    text: str
    shared: bool


def _pieces(text: str, spans: list[tuple[int, int]]) -> list[Piece]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[Piece] = []
    at = 0
    for start, end in merged:
        if start > at:
            out.append(Piece(text[at:start], False))
        out.append(Piece(text[start:end], True))
        at = end
    if at < len(text):
        out.append(Piece(text[at:], False))
    return out


def side_by_side(a: InfoReport, b: InfoReport) -> tuple[list[Piece], list[Piece], float]:
    """The two bodies cut into pieces, the shared passages marked, and the share."""
    score, matches = share_of(a.body, b.body)
    return (
        _pieces(a.body, [(m.a_start, m.a_end) for m in matches]),
        _pieces(b.body, [(m.b_start, m.b_end) for m in matches]),
        score,
    )


def open_flags(item: InfoReport) -> QuerySet[DuplicateFlag]:
    """Flags naming the item on either side, not dismissed."""
    return (
        DuplicateFlag.objects.filter(Q(item=item) | Q(similar=item), dismissed_at__isnull=True)
        .select_related("item__unit", "similar__unit")
        .order_by("-score", "id")
    )


def flagged_exists() -> Exists:
    """Whether an item (OuterRef "pk") has an open flag with another item still waiting or adopted."""
    live = (ItemState.SUBMITTED, ItemState.ADOPTED)
    return Exists(
        DuplicateFlag.objects.filter(dismissed_at__isnull=True).filter(
            Q(item_id=OuterRef("pk"), similar__state__in=live)
            | Q(similar_id=OuterRef("pk"), item__state__in=live)
        )
    )


# --- the editors' queue ------------------------------------------------------------------------------------


def queue(
    viewer: Any,
    *,
    unit_id: int | None = None,
    info_type: str = "",
    since: Any = None,
    until: Any = None,
) -> QuerySet[InfoReport]:
    """Submitted items waiting for screening that the viewer may see: 紧急信息 first, then the longest waiting."""
    rows = visible(InfoReport.objects.filter(state=ItemState.SUBMITTED), viewer).select_related(
        "unit", "author"
    )
    if unit_id:
        rows = rows.filter(unit_id=unit_id)
    if info_type:
        rows = rows.filter(info_type=info_type)
    if since is not None:
        rows = rows.filter(submitted_at__date__gte=since)
    if until is not None:
        rows = rows.filter(submitted_at__date__lte=until)
    return rows.annotate(
        flagged=flagged_exists(),
        urgent_first=Case(
            When(info_type=InfoType.URGENT, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
    ).order_by("urgent_first", "submitted_at", "id")


# --- the services ------------------------------------------------------------------------------------------


def _text(value: str, *, label: str, field: str, most: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(f"请填写{label}", code=f"{field}_required", field=field)
    if len(value) > most:
        raise ServiceError(f"{label}不能超过{most}字", code="too_long", field=field)
    return value


def _locked(item: InfoReport, version: int | None) -> InfoReport:
    return lock_at_version(
        InfoReport.objects.all(), item.pk, version, changed="该信息已被其他编辑处理过，请刷新后再办理"
    )


def _audit(item: InfoReport, *, by: Any, action: str, **details: Any) -> None:
    audit_record(
        actor=by,
        action=f"information.screening.{action}",
        target=item,
        details={"unit": item.unit_id, "state": item.state, **details},
    )


def _writers(item: InfoReport) -> list[Any]:
    people = [item.created_by]
    author_user = getattr(item.author, "user", None)
    if author_user is not None:
        people.append(author_user)
    seen: set[int] = set()
    out = []
    for user in people:
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            out.append(user)
    return out


def _tell(item: InfoReport, *, kind: str, title: str, body: str = "") -> None:
    for user in _writers(item):
        notify(
            recipient=user,
            about=item,
            kind=kind,
            title=title,
            body=body,
            link=item_page_url(item),
            dedupe_key=f"{kind}.{item.pk}.{item.version}.{user.pk}",
        )


def _new_version(item: InfoReport, *, title: str, body: str, note: str, by: Actor) -> ItemVersion:
    last = ItemVersion.objects.filter(item=item).order_by("-number").values_list("number", flat=True).first()
    return ItemVersion.objects.create(
        item=item, number=(last or 0) + 1, title=title, body=body, note=note[:100], edited_by=by
    )


def screen_return(*, item: InfoReport, reason: str, by: Actor, version: int | None = None) -> InfoReport:
    """退回: back to the unit with the reason; its writer is told and may edit and resubmit."""
    with transaction.atomic():
        item = _locked(item, version)
        ITEM_RULES.require(ScreenAction.RETURN, by, item)
        reason = _text(reason, label="退回理由", field="reason", most=REASON_MAX)
        item.state = ItemState.RETURNED
        item.returned_reason = reason
        item.version += 1
        item.save(update_fields=["state", "returned_reason", "version"])
        _audit(item, by=by, action="return", reason=reason)
        _tell(
            item, kind="information.returned", title=f"信息《{item.title}》被退回", body=f"退回理由：{reason}"
        )
    return item


def screen_adopt(*, item: InfoReport, by: Actor, version: int | None = None) -> InfoReport:
    """采用: the item may now go into an issue of a publication."""
    with transaction.atomic():
        item = _locked(item, version)
        ITEM_RULES.require(ScreenAction.ADOPT, by, item)
        item.state = ItemState.ADOPTED
        item.adopted_at = timezone.now()
        item.adopted_by = by
        item.version += 1
        item.save(update_fields=["state", "adopted_at", "adopted_by", "version"])
        _audit(item, by=by, action="adopt")
        _tell(item, kind="information.adopted", title=f"信息《{item.title}》已被县委办采用")
    return item


def screen_edit(
    *, item: InfoReport, title: str, body: str, by: Actor, version: int | None = None, note: str = "编辑"
) -> InfoReport:
    """编辑: a new version; the item's text updated, every earlier text kept."""
    with transaction.atomic():
        item = _locked(item, version)
        ITEM_RULES.require(ScreenAction.EDIT, by, item)
        title = _text(title, label="标题", field="title", most=TITLE_MAX)
        body = _text(body, label="正文", field="body", most=BODY_MAX)
        if title == item.title and body == item.body:
            raise ServiceError("标题和正文都没有改动", code="unchanged", field="body")
        number = _new_version(item, title=title, body=body, note=note, by=by).number
        item.title, item.body = title, body
        item.version += 1
        item.save(update_fields=["title", "body", "version"])
        index_item(item)
        _audit(item, by=by, action="edit", number=number)
    return item


def screen_merge(
    *,
    target: InfoReport,
    sources: Sequence[InfoReport],
    title: str,
    body: str,
    by: Actor,
    version: int | None = None,
) -> InfoReport:
    """合并: `sources` fold into `target`, which gets a new version with the text the editor wrote."""
    source_ids = sorted({s.pk for s in sources} - {target.pk})
    with transaction.atomic():
        target = _locked(target, version)
        ITEM_RULES.require(ScreenAction.MERGE, by, target)
        if not source_ids:
            raise ServiceError("请选择要并入本条的信息", code="sources_required", field="sources")
        if len(source_ids) > MERGE_MAX:
            raise ServiceError(f"一次最多合并{MERGE_MAX}条信息", code="too_many", field="sources")
        title = _text(title, label="标题", field="title", most=TITLE_MAX)
        body = _text(body, label="正文", field="body", most=BODY_MAX)
        locked = list(
            InfoReport.objects.select_for_update()
            .filter(pk__in=source_ids)
            .select_related("unit")
            .order_by("id")
        )
        if len(locked) != len(source_ids):
            raise ServiceError("要并入的信息不存在", code="unknown_item", field="sources")
        for source in locked:
            if source.state != ItemState.SUBMITTED:
                raise ServiceError(
                    f"《{source.title}》{source.get_state_display()}，不能并入",
                    code="source_not_submitted",
                    field="sources",
                )
        note = "合并自：" + "、".join(f"{s.unit.name}《{s.title}》" for s in locked)
        number = _new_version(target, title=title, body=body, note=note, by=by).number
        target.title, target.body = title, body
        target.version += 1
        target.save(update_fields=["title", "body", "version"])
        now = timezone.now()
        for source in locked:
            source.state = ItemState.MERGED
            source.merged_into = target
            source.version += 1
            source.save(update_fields=["state", "merged_into", "version"])
            _audit(source, by=by, action="merged", into=target.pk)
        # The merged items' units are 联合报送 on the target: their writers may follow it.
        target.need_to_know_units.add(*{s.unit_id for s in locked})
        people = [s.owner_person_id for s in locked if s.owner_person_id]
        if people:
            target.need_to_know_people.add(*people)
        group = [target.pk, *source_ids]
        DuplicateFlag.objects.filter(
            item_id__in=group, similar_id__in=group, dismissed_at__isnull=True
        ).update(dismissed_at=now, dismissed_by=by)
        index_item(target)
        _audit(target, by=by, action="merge", sources=source_ids, number=number)
        for source in locked:
            _tell(source, kind="information.merged", title=f"信息《{source.title}》已并入《{target.title}》")
    return target


def screen_mark_false(*, item: InfoReport, reason: str, by: Actor, version: int | None = None) -> InfoReport:
    """认定虚假信息: the scoring part penalises the item's unit under the rule table in force."""
    with transaction.atomic():
        item = _locked(item, version)
        ITEM_RULES.require(ScreenAction.MARK_FALSE, by, item)
        reason = _text(reason, label="虚假情形", field="reason", most=REASON_MAX)
        item.false_marked_at = timezone.now()
        item.false_reason = reason
        item.version += 1
        item.save(update_fields=["false_marked_at", "false_reason", "version"])
        _audit(item, by=by, action="mark_false", reason=reason)
        _tell(item, kind="information.false", title=f"信息《{item.title}》被认定为虚假信息", body=reason)
    return item


def flag_dismiss(*, flag: DuplicateFlag, by: Actor) -> DuplicateFlag:
    """排除疑似重复: the two items are about different things."""
    with transaction.atomic():
        flag = DuplicateFlag.objects.select_for_update().get(pk=flag.pk)
        FLAG_RULES.require("dismiss", by, flag)
        flag.dismissed_at = timezone.now()
        flag.dismissed_by = by
        flag.save(update_fields=["dismissed_at", "dismissed_by"])
        item = InfoReport.objects.get(pk=flag.item_id)
        _audit(item, by=by, action="dismiss", similar=flag.similar_id, score=flag.score)
    return flag


# --- to-dos -------------------------------------------------------------------------------------------------

TODO_MOST = 30


def editor_todos(user: Any) -> list[TodoItem]:
    """Editors: the items waiting for screening (紧急信息 first)."""
    if not getattr(user, "is_authenticated", False) or not is_editor(user):
        return []
    out = []
    for item in queue(user)[:TODO_MOST]:
        out.append(
            TodoItem(
                title=f"待编辑：{item.title}",
                url=screening_url(item),
                kind="information.screening",
                source_label="信息编辑",
                note=("紧急信息；" if item.info_type == InfoType.URGENT else "")
                + f"{item.unit.name}报送"
                + ("；疑似重复" if getattr(item, "flagged", False) else ""),
                at=item.submitted_at,
                classification=item.classification,
                record=("information.inforeport", str(item.pk)),
            )
        )
    return out


def writer_todos(user: Any) -> list[TodoItem]:
    """Writers: their unit's returned items, to edit and resubmit."""
    if not getattr(user, "is_authenticated", False) or not is_writer(user):
        return []
    person = getattr(user, "person_or_none", None)
    if person is None:
        return []
    rows = visible(
        InfoReport.objects.filter(state=ItemState.RETURNED, unit_id=person.unit_id), user
    ).order_by("-submitted_at", "-id")[:TODO_MOST]
    return [
        TodoItem(
            title=f"被退回：{item.title}",
            url=item_page_url(item),
            kind="information.returned",
            source_label="信息报送",
            note=f"退回理由：{item.returned_reason}",
            at=item.submitted_at,
            classification=item.classification,
            record=("information.inforeport", str(item.pk)),
        )
        for item in rows
    ]


def joint_units(item: InfoReport) -> list[str]:
    """联合报送: the units of the items merged into this one."""
    names = (
        InfoReport.objects.filter(merged_into=item)
        .exclude(unit_id=item.unit_id)
        .values_list("unit__name", flat=True)
    )
    return sorted(set(names))
