"""Read articles (documents): text, metadata, status, content hash and simhash bands.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("canonical_url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("site", sa.Text(), nullable=True),
        sa.Column("published", sa.String(10), nullable=True),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("quotes", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        # The unsigned 64-bit simhash, stored as a signed BIGINT (two's complement).
        sa.Column("fingerprint", sa.BigInteger(), nullable=False),
        # Its four 16-bit bands, for indexed near-duplicate lookup; NULL for short texts.
        sa.Column("band0", sa.Integer(), nullable=True),
        sa.Column("band1", sa.Integer(), nullable=True),
        sa.Column("band2", sa.Integer(), nullable=True),
        sa.Column("band3", sa.Integer(), nullable=True),
        sa.Column("duplicate_of", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_document_content_hash", "document", ["content_hash"])
    op.create_index("ix_document_duplicate_of", "document", ["duplicate_of"])
    op.create_index("ix_document_status", "document", ["status"])
    op.create_index("ix_document_ingested_at", "document", ["ingested_at"])
    for band in range(4):
        op.create_index(f"ix_document_band{band}", "document", [f"band{band}"])


def downgrade() -> None:
    op.drop_table("document")
