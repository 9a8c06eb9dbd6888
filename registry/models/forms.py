"""One post across forms: which kinds of mission are forms of one post, a sending
party's representation in a city whose form changes over dated periods (a legation
raised to an embassy; an embassy, a liaison office, the embassy re-opened; an
embassy, then a technical team). Data: registry/data/vocabulary/post_forms.csv; the
rule reads it in reporting.evidence_as_of (docs/forms.md)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base


class PostForm(Base):
    __tablename__ = "post_form"
    __table_args__ = (
        {
            "comment": "Vocabulary: the kinds of mission that are forms of one post (a sender's "
            "missions of these kinds in one city are one post; docs/forms.md)."
        },
    )

    code: Mapped[str] = mapped_column(
        ForeignKey("mission_kind.code"), primary_key=True, comment="A kind of mission."
    )
    post: Mapped[str] = mapped_column(Text, comment="The post it is a form of (diplomatic).")
