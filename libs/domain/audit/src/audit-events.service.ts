import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AUDIT_ACTIONS, auditAreaOf, BadUserInputError, type AuditAction, type AuditOutcome, type AuditRecordKind, type FieldProblem } from '@vv/contracts';
import { assertCan, requireActiveTrust, type Caller } from '@vv/platform/access';
import { TenantDatabase } from '@vv/platform/database';
import { decodeTimeCursor, encodeTimeCursor } from '@vv/platform/graphql';
import type { ActiveTrust } from '@vv/platform/tenancy';
import { audit } from './audit.service';
import type { AuditEventConnectionObject, AuditEventFilterInput, AuditEventObject, AuditSearchOptionsObject } from './dto/audit-event.object';

export const MAX_AUDIT_PAGE = 100;

interface AuditEventRow {
  id: string;
  occurred_at: Date;
  actor_staff_id: string | null;
  action: AuditAction;
  target_type: AuditRecordKind;
  target_id: string | null;
  request_id: string | null;
  outcome: AuditOutcome;
  detail: Record<string, string | number | boolean | null> | null;
  display_name: string | null;
  email: string | null;
}

/**
 * The trust's audit trail for its admins (its information governance leads ask for exactly
 * this): newest first, filtered by person, action and time, a page at a time. The rows hold
 * ids, counts and field names only, never a patient's or contact's details; the people named
 * are staff. Every search is itself audited, with its filters (ids and times), in the same
 * transaction as the read.
 */
@Injectable()
export class AuditEventsService {
  constructor(@Inject(TenantDatabase) private readonly db: TenantDatabase) {}

  async search(caller: Caller, filter: AuditEventFilterInput, page: { first?: number; after?: string }): Promise<AuditEventConnectionObject> {
    const trust = this.reader(caller);
    const first = page.first ?? 25;
    const problems: FieldProblem[] = [];
    if (!Number.isInteger(first) || first < 1 || first > MAX_AUDIT_PAGE) problems.push({ field: 'first', message: `must be 1 to ${MAX_AUDIT_PAGE}` });
    if (filter.action && filter.area && auditAreaOf(filter.action) !== filter.area) problems.push({ field: 'filter.area', message: 'must be the area of the action, or left out' });
    if (filter.from && filter.to && filter.from >= filter.to) problems.push({ field: 'filter.to', message: 'must be after from' });
    const cursor = page.after ? decodeTimeCursor(page.after) : null;
    if (page.after && !cursor) problems.push({ field: 'after', message: 'is not a cursor from this list' });
    if (problems.length) throw new BadUserInputError(problems);

    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    add('a.trust_id = ?', trust.trustId);
    if (filter.staffId) add('a.actor_staff_id = ?', filter.staffId);
    if (filter.action) add('a.action = ?', filter.action);
    else if (filter.area) add('a.action = any (?::text[])', `{${AUDIT_ACTIONS.filter((action) => auditAreaOf(action) === filter.area).join(',')}}`);
    if (filter.from) add('a.occurred_at >= ?', filter.from);
    if (filter.to) add('a.occurred_at < ?', filter.to);
    if (cursor) add('(a.occurred_at, a.id) < (?, ?)', cursor.at, cursor.id);

    return this.db.inTrust(trust, async (em) => {
      const rows = await execute<AuditEventRow>(
        em,
        `select a.id, a.occurred_at, a.actor_staff_id, a.action, a.target_type, a.target_id, a.request_id, a.outcome, a.detail, s.display_name, s.email
           from audit_event a left join staff_member s on s.id = a.actor_staff_id
          where ${where.join(' and ')}
          order by a.occurred_at desc, a.id desc
          limit ?`,
        [...params, first + 1],
      );
      const shown = rows.slice(0, first);
      audit.record(em, {
        trustId: trust.trustId,
        actorStaffId: caller.staffId,
        action: 'audit.searched',
        targetType: 'audit_event',
        outcome: 'success',
        detail: {
          staffId: filter.staffId ?? null,
          action: filter.action ?? null,
          area: filter.area ?? null,
          from: filter.from?.toISOString() ?? null,
          to: filter.to?.toISOString() ?? null,
          after: cursor ? cursor.id : null,
          shown: shown.length,
        },
      });
      const edges = shown.map((row) => ({ cursor: encodeTimeCursor(new Date(row.occurred_at), row.id), node: toObject(row) }));
      return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    });
  }

  /** The staff and the actions that appear in the trust's audit, for the search form. */
  async options(caller: Caller): Promise<AuditSearchOptionsObject> {
    const trust = this.reader(caller);
    return this.db.inTrust(trust, async (em) => {
      const [people, actions] = await Promise.all([
        execute<{ id: string; display_name: string; email: string }>(
          em,
          `select s.id, s.display_name, s.email from staff_member s
            where s.id in (select distinct a.actor_staff_id from audit_event a where a.trust_id = ? and a.actor_staff_id is not null)
            order by s.display_name, s.email`,
          [trust.trustId],
        ),
        execute<{ action: AuditAction }>(em, 'select distinct a.action from audit_event a where a.trust_id = ?', [trust.trustId]),
      ]);
      return { people: people.map((p) => ({ id: p.id, displayName: p.display_name, email: p.email })), actions: AUDIT_ACTIONS.filter((action) => actions.some((a) => a.action === action)) };
    });
  }

  private reader(caller: Caller): ActiveTrust {
    const trust = requireActiveTrust(caller);
    assertCan(caller, 'read', 'AuditEvent', { trustId: trust.trustId });
    return trust;
  }
}

function execute<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params as never[], 'all', em.getTransactionContext());
}

function toObject(row: AuditEventRow): AuditEventObject {
  return {
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    actor: row.actor_staff_id && row.display_name !== null ? { id: row.actor_staff_id, displayName: row.display_name, email: row.email ?? '' } : null,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    outcome: row.outcome,
    requestId: row.request_id,
    detail: Object.entries(row.detail ?? {}).map(([key, value]) => ({ key, value: value === null ? '' : String(value) })),
  };
}
