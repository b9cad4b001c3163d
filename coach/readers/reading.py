"""What a reader returns: the validated document and what it knows about its source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from coach.document import OkrDocument
from coach.readers.detect import InputFormat

NoteKind = Literal["status", "score", "progress", "owner", "comment"]


@dataclass(frozen=True)
class SourceLocation:
    """Where an objective or key result was written in the input."""

    # A dataclass rather than a model: readers make one per line, and a
    # 20,000-row sheet spent a fifth of its reading time validating them.

    line: Annotated[
        int | None, Field(description="1-based line in a text, Markdown or CSV file.")
    ] = None
    sheet: Annotated[str | None, Field(description="Worksheet of an XLSX file.")] = None
    row: Annotated[int | None, Field(description="1-based row in that sheet.")] = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"sheet '{self.sheet}' row {self.row}"
        return f"line {self.line}" if self.line else "(position unknown)"


class Note(BaseModel):
    """Something written next to a key result that is not part of its wording."""

    kind: NoteKind = Field(description="status, score, progress, owner or comment.")
    text: str = Field(description="The note as written, e.g. 'done' or '=> 70%'.")
    value: float | None = Field(
        default=None, description="Score or progress as 0.0-1.0 when it has one."
    )


class ReadWarning(BaseModel):
    """A part of the input the reader could not place or had to guess about."""

    location: SourceLocation
    message: str = Field(description="What was not read, or how it was read.")

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class Reading(BaseModel):
    """A document read from any input format, with pointers back to the input."""

    format: InputFormat = Field(description="The format the input was read as.")
    document: OkrDocument
    source: dict[str, SourceLocation] = Field(
        default_factory=dict,
        description="Where each objective and key result was read, by id.",
    )
    notes: dict[str, list[Note]] = Field(
        default_factory=dict,
        description="Status, scores and progress written beside items, by id.",
    )
    warnings: list[ReadWarning] = Field(default_factory=list)
