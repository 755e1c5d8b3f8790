"""initial schema

Revision ID: 0001
Revises: 

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('accepted_ref',
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('room_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('participant_id', 'ref')
    )
    with op.batch_alter_table('accepted_ref', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accepted_ref_created'), ['created'], unique=False)

    op.create_table('connection',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('process_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('room_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('opened', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('connection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_connection_process_id'), ['process_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connection_room_id'), ['room_id'], unique=False)

    op.create_table('event_log',
    sa.Column('room_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('op', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('room_id', 'seq')
    )
    op.create_table('process_beat',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('seen', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('process_beat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_beat_seen'), ['seen'], unique=False)

    op.create_table('vote',
    sa.Column('room_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('target_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('room_id', 'participant_id', 'target_id')
    )
    op.create_table('workshop',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('challenge', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('constraints', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('groups', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('authors', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('facilitator_sees_authors', sa.Boolean(), nullable=False),
    sa.Column('join_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('plenary_room_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('join_code')
    )
    op.create_table('participant',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('workshop_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('group', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('site', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('room_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_workshop_id'), ['workshop_id'],
                              unique=False)

    op.create_table('room',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('workshop_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('plenary', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('private_round', sa.Boolean(), nullable=False),
    sa.Column('timer_status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('timer_label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('timer_duration_ms', sa.BigInteger(), nullable=False),
    sa.Column('timer_ends_at', sa.BigInteger(), nullable=True),
    sa.Column('timer_remaining_ms', sa.BigInteger(), nullable=False),
    sa.Column('voting_status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('voting_budget', sa.Integer(), nullable=False),
    sa.Column('voting_max_per_note', sa.Integer(), nullable=False),
    sa.Column('voting_hidden', sa.Boolean(), nullable=False),
    sa.Column('voting_revealed', sa.Boolean(), nullable=False),
    sa.Column('voting_target', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.create_index('ix_room_timer_due', ['timer_status', 'timer_ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_room_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('cluster',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('room_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('x', sa.Float(), nullable=False),
    sa.Column('y', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cluster', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_room_id'), ['room_id'], unique=False)

    op.create_table('note',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('room_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('color', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('x', sa.Float(), nullable=False),
    sa.Column('y', sa.Float(), nullable=False),
    sa.Column('cluster_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('author_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('author_group', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('private', sa.Boolean(), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.Column('updated', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_room_id'), ['room_id'], unique=False)

    op.create_table('snapshot',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('room_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_snapshot_room_id'), ['room_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_snapshot_room_id'))

    op.drop_table('snapshot')
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_room_id'))

    op.drop_table('note')
    with op.batch_alter_table('cluster', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cluster_room_id'))

    op.drop_table('cluster')
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_workshop_id'))
        batch_op.drop_index('ix_room_timer_due')

    op.drop_table('room')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_workshop_id'))

    op.drop_table('participant')
    op.drop_table('workshop')
    op.drop_table('vote')
    with op.batch_alter_table('process_beat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_beat_seen'))

    op.drop_table('process_beat')
    op.drop_table('event_log')
    with op.batch_alter_table('connection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_connection_room_id'))
        batch_op.drop_index(batch_op.f('ix_connection_process_id'))

    op.drop_table('connection')
    with op.batch_alter_table('accepted_ref', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accepted_ref_created'))

    op.drop_table('accepted_ref')
