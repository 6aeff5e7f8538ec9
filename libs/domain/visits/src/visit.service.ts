import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DeadlockException, LockMode, LockWaitTimeoutException, OptimisticLockError, ref, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, ConflictError, ForbiddenError, isFailedMessage, isUuid, NotFoundError, visibleText, type FeatureFlag, type FieldProblem, type VisitingHours } from '@vv/contracts';
import { accessibleScope, checkRecord, loadChecked, scoped, type Action, type Caller, type RecordRule, requireActiveTrust } from '@vv/platform/access';
import { isUniqueViolation, orderedUuid, TenantDatabase, type TrustSql } from '@vv/platform/database';
import type { ActiveTrust } from '@vv/platform/tenancy';
import { decodeTimeCursor, encodeTimeCursor } from '@vv/platform/graphql';
import { createVideoProvider, type VideoProvider, type VideoRoom } from '@vv/platform/video';
import { effectiveFlags, resolveFlags, Trust, trustSecret, Ward, wardPlace } from '@vv/domain/trusts';
import { audit, auditRow, writeAuditRow } from '@vv/domain/audit';
import { Visit, type VisitStatus } from './visit.entity';
import { VisitEvent } from './visit-event.entity';
import { ACTIVE_VISIT_STATUSES, applyVisitMove, checkVisitMove, isLinkOpen, VISIT_BOOKED, VISIT_TRANSITIONS, visitMoveAllowed, type VisitChange } from './visit-transitions';
import { VisitConflictError, VisitNotFoundError, VisitStateConflictError } from './visit.exception';
import { VISIT_SETTINGS, type VisitSettings } from './visit-settings';
import { VISIT_MESSAGES, type VisitMessages } from './visit-messages.port';
import { messageSubjectOf } from './visit-message-subject';
import { checkKeyContact, checkLength, checkNotPast, checkPeople, localTime, peakConcurrency, VISIT_ACTION_PERMISSION, VISIT_ACTIONS, withinVisitingHours, type ContactInput, type VisitActionName } from './visit-rules';
import { readBooking, writeBooking } from './booking.sql';
import { dateOf, readVisitList, type VisitListQuery, type VisitListRow } from './visit-list.sql';
import type { BookVisitInput, VisitConnectionObject, VisitEventObject, VisitObject, VisitsFilterInput } from './dto/visit.object';
import { VisitListView } from './dto/visit.object';

/** Staff may start a visit this long before its slot (the patient is ready early). */
export const EARLY_START_MINUTES = 30;
/** How long a start holds the visit while its video room is opened (the provider's timeout is 10 s). */
const START_CLAIM_MS = 30_000;

type VisitAction = 'read' | 'reschedule' | 'rebook' | 'cancel' | 'start' | 'complete';
type ChangeAction = Exclude<VisitAction, 'read'>;
const MAX_PAGE = 100;

export interface ReadOptions {
  /** The caller asked for patient or contact fields: they are returned only where allowed, and the read is audited. */
  personalData: boolean;
  history?: boolean;
  messages?: boolean;
  /** The caller asked what they may do with the visit now. */
  allowedActions?: boolean;
}

/**
 * The visit lifecycle: book → start (link sent) → visitor joins → complete; reschedule,
 * rebook, cancel; missed when never started. Every change writes a visit event and an audit
 * record in the same transaction; an illegal transition is CONFLICT naming the state.
 */
@Injectable()
export class VisitService {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(VISIT_SETTINGS) private readonly settings: VisitSettings,
    @Inject(VISIT_MESSAGES) private readonly messages: VisitMessages,
  ) {}

  /**
   * Books a visit: the hot path, written as plain SQL (see booking.sql.ts) inside the same
   * trust transaction, role and row-level security as everything else; the rules are the
   * same functions rebooking uses through the ORM.
   */
  async book(caller: Caller, input: BookVisitInput): Promise<VisitObject> {
    const active = requireActiveTrust(caller);
    const key = input.idempotencyKey?.trim();
    if (key !== undefined && (key.length < 8 || key.length > 100)) throw new BadUserInputError([{ field: 'idempotencyKey', message: 'must be 8 to 100 characters' }]);
    try {
      const booked = await this.db.inTrustSql(active, (sql) => this.bookWith(sql, caller, active, input, key ?? null));
      if (booked) return booked;
    } catch (error) {
      // two requests with one key raced past each other: the winner's visit is the answer
      if (!key || !(error instanceof UniqueConstraintViolationException || isUniqueViolation(error))) throw error;
      const winner = await this.db.inTrust(active, (em) => this.earlierBooking(em, caller, key, input));
      if (!winner) throw error;
      return winner;
    }
    // the same key booked this before: the same visit is the answer
    const earlier = await this.db.inTrust(active, (em) => this.earlierBooking(em, caller, key!, input));
    if (!earlier) throw new VisitConflictError('That idempotency key was used for a booking that no longer exists');
    return earlier;
  }

  /** Three statements in two round trips: the ward with its settings and flags (taking the ward's lock) with the overlapping visits, then every row with COMMIT. Null when the key was used before. */
  private async bookWith(sql: TrustSql, caller: Caller, active: ActiveTrust, input: BookVisitInput, key: string | null): Promise<VisitObject | null> {
    const now = this.settings.now();
    // the slot the rules will check (an unscheduled visit starts now; a missing start is refused by them)
    const slotStart = input.startNow || !input.startAt ? now : input.startAt;
    const { ward, overlapping, existingId } = await readBooking(sql, input.wardId, slotStart, input.lengthMinutes ?? null, key);
    if (!ward) throw BOOK_ON_WARD.notFound();
    checkRecord(caller, { trustId: active.trustId, wardId: ward.id, hospitalId: ward.hospital_id }, BOOK_ON_WARD);
    const flags = resolveFlags(ward.trust_flags ?? {}, ward.ward_flags ?? {});
    const booking = checkBooking(input, { status: ward.status, defaultVisitMinutes: ward.default_visit_minutes, visitingHours: ward.visiting_hours }, ward.time_zone, flags, now);
    if (existingId) return null;
    checkCapacity(ward.max_concurrent_visits, booking.start, booking.end, overlapping);
    const visit = {
      trustId: active.trustId,
      id: randomUUID(),
      wardId: ward.id,
      ...booking.people,
      scheduledStart: booking.start,
      lengthMinutes: booking.lengthMinutes,
      scheduledEnd: booking.end,
      idempotencyKey: key,
      bookedByStaffId: caller.staffId,
    };
    const detail = { unscheduled: Boolean(input.startNow) };
    const messages = this.messages.plan({
      trigger: 'booked',
      scheduledStart: visit.scheduledStart,
      contactMobile: visit.contactMobile,
      contactEmail: visit.contactEmail,
      flags,
      reminderMinutesBefore: ward.reminder_minutes_before ?? Number.NaN,
      templates: ward.templates ?? {},
      now,
    });
    const audited = auditRow({ trustId: active.trustId, actorStaffId: caller.staffId, action: VISIT_BOOKED.audit, targetType: 'visit', targetId: visit.id, outcome: 'success', detail, at: now });
    await writeBooking(sql, visit, { id: orderedUuid(), detail, at: now }, audited, messages);
    return visitObject({ ...visit, status: VISIT_BOOKED.status }, { id: ward.id, code: ward.code, name: ward.name, hospitalName: ward.hospital_name }, true, null);
  }

  /**
   * The visit booked earlier with this idempotency key, if the retry is of the same booking: the
   * same ward and the same patient (what no later change to a visit alters). A key sent again
   * with another patient is a new booking under an old key, and answering it with the earlier
   * visit would tell the nurse it was booked when it was not.
   */
  private async earlierBooking(em: EntityManager, caller: Caller, key: string, input: BookVisitInput): Promise<VisitObject | null> {
    const existing = await em.findOne(Visit, { idempotencyKey: key }, { populate: ['ward', 'ward.hospital'] });
    if (!existing) return null;
    if (existing.ward.unwrap().id !== input.wardId) throw new VisitConflictError('That idempotency key was used for a booking on another ward');
    if (existing.patientName !== visibleText(input.patientName ?? '')) throw new VisitConflictError('That idempotency key was used for another booking: send a new key with a new booking');
    return toObject(existing, this.canReadPersonal(caller, existing), null);
  }

  /** Rebooking's new visit, through the ORM inside the rebook's transaction, by the same rules as a booking. */
  private async bookIn(em: EntityManager, caller: Caller, active: ActiveTrust, input: BookVisitInput): Promise<VisitObject> {
    const ward = await loadChecked(caller, async () => (isUuid(input.wardId) ? em.findOne(Ward, { id: input.wardId }, { populate: ['hospital'] }) : null), wardPlace, BOOK_ON_WARD);
    const flags = await effectiveFlags(em, ward.id);
    const trust = await em.findOneOrFail(Trust, { id: active.trustId });
    const now = this.settings.now();
    const booking = checkBooking(input, ward, trust.timeZone, flags, now);
    await lockWard(em, ward.id);
    await this.assertCapacity(em, ward, booking.start, booking.end, null);
    const visit = em.create(Visit, {
      trust: active.trustId,
      ward,
      status: VISIT_BOOKED.status,
      ...booking.people,
      scheduledStart: booking.start,
      lengthMinutes: booking.lengthMinutes,
      scheduledEnd: booking.end,
      idempotencyKey: null,
      bookedByStaffId: caller.staffId,
      createdAt: now,
      updatedAt: now,
    });
    this.recordChange(em, caller, visit, { ...VISIT_BOOKED, at: now }, { unscheduled: Boolean(input.startNow) });
    await this.messages.visitChanged(em, messageSubjectOf(visit), 'booked');
    await em.flush();
    return toObject(visit, true, null);
  }

  async reschedule(caller: Caller, visitId: string, startAt: Date, lengthMinutes?: number): Promise<VisitObject> {
    const closed: VideoRoom[] = [];
    const result = await this.change(caller, visitId, 'reschedule', async (em, visit, active) => {
      checkVisitMove('reschedule', visit.status);
      const length = lengthMinutes ?? visit.lengthMinutes;
      // the time and length it already has is no move: the visit as it is, and nothing written (no history, no message, the family's link kept)
      if (startAt.getTime() === visit.scheduledStart.getTime() && length === visit.lengthMinutes) return toObject(visit, this.canReadPersonal(caller, visit), null);
      const ward = visit.ward.getEntity();
      const trust = await em.findOneOrFail(Trust, { id: active.trustId });
      const problems: FieldProblem[] = [];
      checkLength(length, problems);
      checkNotPast(startAt, this.settings.now(), problems);
      if (!problems.length && !withinVisitingHours(startAt, length, ward.visitingHours, trust.timeZone)) {
        problems.push({ field: 'startAt', message: `must be within the ward's visiting hours (${localTime(startAt, trust.timeZone)} is not)` });
      }
      if (problems.length) throw new BadUserInputError(problems);
      await lockWard(em, ward.id);
      const end = new Date(startAt.getTime() + length * 60_000);
      await this.assertCapacity(em, ward, startAt, end, visit.id);
      const from = visit.scheduledStart.toISOString();
      const room = revokeLink(visit);
      if (room) closed.push(room);
      const change = applyVisitMove(visit, 'reschedule', this.settings.now());
      visit.scheduledStart = startAt;
      visit.lengthMinutes = length;
      visit.scheduledEnd = end;
      this.recordChange(em, caller, visit, change, { from, to: startAt.toISOString() });
      await this.messages.visitChanged(em, messageSubjectOf(visit), 'rescheduled');
      return toObject(visit, this.canReadPersonal(caller, visit), null);
    });
    await this.closeRooms(requireActiveTrust(caller), closed);
    return result;
  }

  async rebook(caller: Caller, visitId: string, startAt: Date, lengthMinutes?: number): Promise<VisitObject> {
    return this.change(caller, visitId, 'rebook', async (em, previous, active) => {
      const flags = await effectiveFlags(em, previous.ward.unwrap().id);
      if (!flags.rebook) throw new ForbiddenError('Rebooking is turned off for this ward');
      checkVisitMove('rebook', previous.status);
      if (previous.personalDataErasedAt) throw new VisitConflictError("This visit's details have been erased under the trust's retention policy; book a new visit instead");
      const booked = await this.bookIn(
        em,
        caller,
        active,
        {
          wardId: previous.ward.unwrap().id,
          patientName: previous.patientName ?? '',
          contactName: previous.contactName ?? '',
          contactMobile: previous.contactMobile ?? undefined,
          contactEmail: previous.contactEmail ?? undefined,
          startAt,
          lengthMinutes: lengthMinutes ?? previous.lengthMinutes,
        },
      );
      const visit = await em.findOneOrFail(Visit, { id: booked.id }, { populate: ['ward', 'ward.hospital'] });
      visit.rebookedFrom = ref(previous);
      this.recordChange(em, caller, previous, applyVisitMove(previous, 'rebook', this.settings.now()), { nextVisitId: visit.id });
      return toObject(visit, this.canReadPersonal(caller, visit), null);
    });
  }

  async cancel(caller: Caller, visitId: string, reason: string): Promise<VisitObject> {
    const cleaned = reason.trim();
    if (cleaned.length < 3 || cleaned.length > 500) throw new BadUserInputError([{ field: 'reason', message: 'must be 3 to 500 characters' }]);
    const closed: VideoRoom[] = [];
    const result = await this.change(caller, visitId, 'cancel', async (em, visit) => {
      checkVisitMove('cancel', visit.status);
      const room = revokeLink(visit, undefined, { recognise: true });
      if (room) closed.push(room);
      const change = applyVisitMove(visit, 'cancel', this.settings.now());
      visit.cancelReason = cleaned;
      this.recordChange(em, caller, visit, change);
      await this.messages.visitChanged(em, messageSubjectOf(visit), 'cancelled');
      return toObject(visit, this.canReadPersonal(caller, visit), null);
    });
    await this.closeRooms(requireActiveTrust(caller), closed);
    return result;
  }

  /**
   * The ward device and patient are ready: open the room and the visitor's link. The video
   * provider is called outside any transaction: a short transaction claims the visit (a second
   * start meanwhile is CONFLICT), the room is opened, and a second short transaction makes the
   * visit ready only if nothing changed it since the claim; otherwise the room is closed again.
   * A start that dies half way leaves a claim that lapses after START_CLAIM_MS and a room that
   * expires with the slot, so starting again is always safe.
   */
  async start(caller: Caller, visitId: string): Promise<{ visit: VisitObject; visitorLink: string; wardDeviceJoinUrl: string }> {
    const active = requireActiveTrust(caller);
    const claim = await this.change(caller, visitId, 'start', async (em, visit) => {
      checkVisitMove('start', visit.status);
      const now = this.settings.now();
      if (visit.startClaimedUntil && visit.startClaimedUntil > now) throw new VisitStateConflictError('started', 'being started');
      const trust = await em.findOneOrFail(Trust, { id: active.trustId });
      const earliest = new Date(visit.scheduledStart.getTime() - EARLY_START_MINUTES * 60_000);
      if (now < earliest) throw new VisitConflictError(`This visit can be started from ${localTime(earliest, trust.timeZone)}`);
      if (now >= visit.scheduledEnd) throw new VisitConflictError('The time of this visit has passed; reschedule it instead');
      const provider = await this.providerFor(em, trust);
      visit.startClaimedUntil = new Date(now.getTime() + START_CLAIM_MS);
      return {
        provider,
        claimedUntil: visit.startClaimedUntil.getTime(),
        validUntil: new Date(visit.scheduledEnd.getTime() + trust.video.graceMinutesAfterSlot * 60_000),
        wardName: visit.ward.getEntity().name,
      };
    });
    const { provider, validUntil } = claim;
    let room: VideoRoom;
    try {
      room = await provider.createRoom({ visitId, endsAt: validUntil });
    } catch (error) {
      await this.db.inTrust(active, (em) => em.nativeUpdate(Visit, { id: visitId, startClaimedUntil: new Date(claim.claimedUntil) }, { startClaimedUntil: null })).catch(() => undefined);
      throw error;
    }
    const token = randomBytes(32).toString('base64url');
    let started: { visit: VisitObject; at: Date };
    try {
      started = await this.change(caller, visitId, 'start', async (em, visit) => {
        checkVisitMove('start', visit.status);
        if (visit.startClaimedUntil?.getTime() !== claim.claimedUntil) throw new VisitConflictError('This visit was changed while it was being started; start it again');
        const now = this.settings.now();
        const change = applyVisitMove(visit, 'start', now);
        visit.videoProvider = room.provider;
        visit.videoRoomRef = room.roomRef;
        visit.visitorLinkHash = hashToken(token);
        visit.linkValidFrom = now;
        visit.linkValidUntil = validUntil;
        this.recordChange(em, caller, visit, change);
        await this.messages.visitChanged(em, messageSubjectOf(visit), 'ready', { visitorLinkToken: token });
        return { visit: toObject(visit, this.canReadPersonal(caller, visit), null), at: now };
      });
    } catch (error) {
      await provider.closeRoom(room).catch(() => undefined);
      throw error;
    }
    const wardDeviceJoinUrl = await provider.staffJoinUrl({ room, notBefore: started.at, expiresAt: validUntil, displayName: claim.wardName });
    return { visit: started.visit, visitorLink: `${this.settings.publicBaseUrl}/visit/${active.odsCode}/${token}`, wardDeviceJoinUrl };
  }

  async complete(caller: Caller, visitId: string): Promise<VisitObject> {
    const closed: VideoRoom[] = [];
    const result = await this.change(caller, visitId, 'complete', async (em, visit) => {
      checkVisitMove('complete', visit.status);
      const now = this.settings.now();
      const room = revokeLink(visit, now);
      if (room) closed.push(room);
      const change = applyVisitMove(visit, 'complete', now);
      this.recordChange(em, caller, visit, change, { durationSeconds: visit.durationSeconds ?? null });
      await this.messages.visitChanged(em, messageSubjectOf(visit), 'completed');
      return toObject(visit, this.canReadPersonal(caller, visit), null);
    });
    await this.closeRooms(requireActiveTrust(caller), closed);
    return result;
  }

  async get(caller: Caller, visitId: string, options: ReadOptions): Promise<VisitObject> {
    const active = requireActiveTrust(caller);
    return this.db.inTrust(active, async (em) => {
      const visit = await this.visitFor(em, caller, active, visitId, 'read');
      const personal = options.personalData && this.canReadPersonal(caller, visit);
      if (personal) audit.record(em, { trustId: active.trustId, actorStaffId: caller.staffId, action: 'visit.personal_data_read', targetType: 'visit', targetId: visit.id, outcome: 'success' });
      const history = options.history ? ((await this.historyOf(em, [visit.id])).get(visit.id) ?? []) : null;
      const object = toObject(visit, personal, history);
      if (options.messages) object.messages = await this.messages.forVisit(em, visit.id);
      if (options.allowedActions) object.allowedActions = await this.allowedActions(em, caller, visit);
      return object;
    });
  }

  /** A ward's day, upcoming or recent visits: one statement for the page, whatever its size. */
  async list(caller: Caller, filter: VisitsFilterInput, page: { first?: number; after?: string }, options: ReadOptions): Promise<VisitConnectionObject> {
    const active = requireActiveTrust(caller);
    const first = page.first ?? 50;
    const problems: FieldProblem[] = [];
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) problems.push({ field: 'first', message: `must be 1 to ${MAX_PAGE}` });
    if (filter.from && filter.to && filter.from >= filter.to) problems.push({ field: 'to', message: 'must be after from' });
    const cursor = page.after ? decodeCursor(page.after) : null;
    if (page.after && !cursor) problems.push({ field: 'after', message: 'is not a cursor from this list' });
    if (problems.length) throw new BadUserInputError(problems);

    const scope = accessibleScope(caller.ability, 'read', 'Visit');
    if (scope.kind === 'none') return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const descending = filter.view === VisitListView.RECENT;
    const query: VisitListQuery = {
      trustId: active.trustId,
      scope,
      wardId: filter.wardId,
      statuses: filter.statuses,
      from: filter.from,
      to: filter.to,
      view: filter.view,
      now: this.settings.now(),
      after: cursor,
      descending,
      limit: first + 1,
      history: Boolean(options.history),
      messagesSql: options.messages ? this.messages.summariesSql('v') : null,
    };
    return this.db.inTrustSql(active, async (sql) => {
      const rows = await readVisitList(sql, query);
      const visits = rows.slice(0, first);
      const personal = new Set(options.personalData ? visits.filter((v) => canReadPersonalRow(caller, active, v)) : []);
      if (personal.size) {
        const row = auditRow({ trustId: active.trustId, actorStaffId: caller.staffId, action: 'visit.personal_data_read', targetType: 'visit_list', outcome: 'success', detail: { visits: personal.size } });
        await writeAuditRow(sql, active.trustId, row);
      }
      const edges = visits.map((v) => {
        const node = visitObject(visitFieldsOf(v), { id: v.ward_id, code: v.ward_code, name: v.ward_name, hospitalName: v.hospital_name }, personal.has(v), v.history ? v.history.map(historyEvent) : null);
        if (query.messagesSql) node.messages = this.messages.readSummaries(v.messages);
        const cursor = encodeTimeCursor(node.scheduledStart, v.id);
        return { cursor, node };
      });
      return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    });
  }

  /** Marks the trust's visits never started by the end of their slot as missed. Safe to run twice. */
  async markMissed(trust: ActiveTrust): Promise<number> {
    const now = this.settings.now();
    return this.db.inTrust(trust, async (em) => {
      const overdue = await em.find(Visit, { status: { $in: [...VISIT_TRANSITIONS.miss.from] }, scheduledEnd: { $lte: now } }, { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit: 500 });
      for (const visit of overdue) recordVisitChange(em, visit, applyVisitMove(visit, 'miss', now), null);
      return overdue.length;
    });
  }

  // ----- what the ward needs while a visit is on, and when a message did not arrive

  /** The ward device lost the call (a refresh, a crash): the host's address again, while the visit is on. Audited. */
  async hostJoin(caller: Caller, visitId: string): Promise<{ visit: VisitObject; wardDeviceJoinUrl: string; validUntil: Date }> {
    const active = requireActiveTrust(caller);
    return this.db.inTrust(active, async (em) => {
      await lockVisit(em, active, visitId); // a cancel or end at the same moment comes first or after, never half way
      const visit = await this.visitToActOn(em, caller, visitId, 'start', 'rejoin visits');
      checkVisitMove('rejoin', visit.status);
      const now = this.settings.now();
      if (!visit.videoRoomRef || !visit.videoProvider || !visit.linkValidUntil || now >= visit.linkValidUntil) {
        throw new VisitConflictError('The time of this visit has passed; complete it instead');
      }
      const provider = await this.providerFor(em, await em.findOneOrFail(Trust, { id: active.trustId }));
      const wardDeviceJoinUrl = await provider.staffJoinUrl({
        room: { provider: visit.videoProvider as VideoRoom['provider'], roomRef: visit.videoRoomRef },
        notBefore: now,
        expiresAt: visit.linkValidUntil,
        displayName: visit.ward.getEntity().name,
      });
      // in the visit's history as well as the audit: the ward sees when its device came back
      this.recordChange(em, caller, visit, applyVisitMove(visit, 'rejoin', now));
      return { visit: toObject(visit, this.canReadPersonal(caller, visit), null), wardDeviceJoinUrl, validUntil: visit.linkValidUntil };
    });
  }

  /** Corrects the key contact's name, mobile and email (all three, as they should now be). Messages not yet sent go to the new details. */
  async updateKeyContact(caller: Caller, visitId: string, input: ContactInput): Promise<VisitObject> {
    const active = requireActiveTrust(caller);
    const problems: FieldProblem[] = [];
    const contact = checkKeyContact(input, problems);
    if (problems.length) throw new BadUserInputError(problems);
    return this.db.inTrust(active, async (em) => {
      await lockVisit(em, active, visitId);
      await this.messages.holdWaiting(em, visitId);
      const visit = await this.visitToActOn(em, caller, visitId, 'update', 'correct visits');
      if (visit.personalDataErasedAt) throw new VisitConflictError("This visit's details have been erased under the trust's retention policy");
      const changed = (['contactName', 'contactMobile', 'contactEmail'] as const).filter((field) => (visit[field] ?? null) !== contact[field]);
      if (changed.length) {
        Object.assign(visit, contact);
        this.recordChange(em, caller, visit, applyVisitMove(visit, 'updateKeyContact', this.settings.now()), { fields: changed.join(',') });
        await this.messages.contactChanged(em, messageSubjectOf(visit));
      }
      return toObject(visit, this.canReadPersonal(caller, visit), null);
    });
  }

  /**
   * Sends a failed message again, once, through the outbox, to the key contact's details as
   * they are now. A "ready to join" message gets a new visitor link (the old one stops
   * working), sent on every channel the contact has, since a link only works while it is the
   * visit's latest.
   */
  async resendMessage(caller: Caller, messageId: string, options: Pick<ReadOptions, 'history'>): Promise<VisitObject> {
    const active = requireActiveTrust(caller);
    return this.db.inTrust(active, async (em) => {
      const message = await this.messages.findMessage(em, messageId);
      if (!message) throw new NotFoundError('Message');
      await lockVisit(em, active, message.visitId);
      await this.messages.holdWaiting(em, message.visitId);
      const visit = await this.visitToActOn(em, caller, message.visitId, 'update', 'send messages about visits', () => new NotFoundError('Message'));
      if (!isFailedMessage(message.status)) throw new VisitConflictError(`Only a message that failed can be sent again; this one is ${message.status.replace('-', ' ')}`);
      if (await em.count(VisitEvent, { visit: { id: visit.id }, type: 'message_resent', detail: { messageId: message.id } })) {
        throw new VisitConflictError('This message has already been sent again');
      }
      let newLink = false;
      if (message.kind === 'readyToJoin') {
        if (!isLinkOpen(visit.status)) throw new VisitConflictError(`This message cannot be sent again: the visit is ${visit.status.replace('_', ' ')}`);
        if (!visit.linkValidUntil || this.settings.now() >= visit.linkValidUntil) throw new VisitConflictError('This message cannot be sent again: the link has expired');
        if (!(message.channel === 'sms' ? visit.contactMobile : visit.contactEmail)) {
          throw new VisitConflictError(`The key contact has no ${message.channel === 'sms' ? 'mobile number' : 'email address'} now: correct their details first`);
        }
        const token = randomBytes(32).toString('base64url');
        visit.visitorLinkHash = hashToken(token);
        await this.messages.visitChanged(em, messageSubjectOf(visit), 'ready', { visitorLinkToken: token });
        newLink = true;
      } else {
        await this.messages.sendAgain(em, messageSubjectOf(visit), message);
      }
      this.recordChange(em, caller, visit, applyVisitMove(visit, 'resendMessage', this.settings.now()), { messageId: message.id, kind: message.kind, channel: message.channel, newLink });
      await em.flush();
      const history = options.history ? ((await this.historyOf(em, [visit.id])).get(visit.id) ?? []) : null;
      const object = toObject(visit, this.canReadPersonal(caller, visit), history);
      object.messages = await this.messages.forVisit(em, visit.id);
      return object;
    });
  }

  /** The history of many visits in one statement, oldest first, by visit id. */
  private async historyOf(em: EntityManager, visitIds: readonly string[]): Promise<Map<string, VisitEventObject[]>> {
    const events = await em.find(VisitEvent, { visit: { id: { $in: [...visitIds] } } }, { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
    const byVisit = new Map<string, VisitEventObject[]>();
    for (const event of events) byVisit.set(event.visit.id, [...(byVisit.get(event.visit.id) ?? []), eventObject(event)]);
    return byVisit;
  }

  /**
   * A visit the caller may act on. Nobody learns of another trust's visit or one on a ward
   * they cannot see (NOT_FOUND); staff of the trust who can see the ward but not act on its
   * visits (an admin, an analyst) are told it is not theirs to do (FORBIDDEN).
   */
  private async visitToActOn(em: EntityManager, caller: Caller, visitId: string, action: Action, what: string, notFound: () => Error = () => new VisitNotFoundError()): Promise<Visit> {
    return loadChecked(caller, () => em.findOne(Visit, { id: visitId }, { populate: ['ward', 'ward.hospital', 'videoRoomRef'] }), visitPlace, {
      action,
      subject: 'Visit',
      seenThrough: ['Visit', 'Ward'],
      notFound,
      forbidden: () => new ForbiddenError(`You cannot ${what} on this ward`),
    });
  }

  // ----- helpers

  /** What the caller may do with the visit now: their roles, its state, the ward's flags, by the rules each change is checked by. */
  private async allowedActions(em: EntityManager, caller: Caller, visit: Visit): Promise<VisitActionName[]> {
    const ward = visit.ward.getEntity();
    const record = scoped('Visit', { trustId: visit.trust.id, wardId: ward.id, hospitalId: ward.hospital.unwrap().id });
    const now = this.settings.now();
    const candidates = VISIT_ACTIONS.filter((action) => visitMoveAllowed(action, visit.status) && caller.ability.can(VISIT_ACTION_PERMISSION[action], record));
    const rebookOn = candidates.includes('rebook') ? (await effectiveFlags(em, ward.id)).rebook : false;
    return candidates
      .filter((action) => {
        if (action === 'rebook') return rebookOn && !visit.personalDataErasedAt;
        if (action === 'updateKeyContact') return !visit.personalDataErasedAt;
        // a started visit's room is there until its link window closes
        if (action === 'rejoin') return Boolean(visit.linkValidUntil && now < visit.linkValidUntil);
        return true;
      });
  }

  private canReadPersonal(caller: Caller, visit: Visit): boolean {
    const ward = visit.ward.getEntity();
    return mayReadPersonal(caller, { trustId: visit.trust.id, wardId: ward.id, hospitalId: ward.hospital.unwrap().id }, Boolean(visit.personalDataErasedAt));
  }

  /** A visit on one of the caller's wards; anything else, including another trust's, is NOT_FOUND. */
  private async visitFor(em: EntityManager, caller: Caller, active: ActiveTrust, visitId: string, action: VisitAction): Promise<Visit> {
    if (!isUuid(visitId)) throw new VisitNotFoundError();
    if (action !== 'read') {
      // every change takes the visit's row first: concurrent changes queue here, and each sees what the one before left;
      // then its messages not yet sent, so a send in flight finishes before this change writes anything
      await lockVisit(em, active, visitId);
      await this.messages.holdWaiting(em, visitId);
    }
    return loadChecked(caller, () => em.findOne(Visit, { id: visitId }, { populate: ['ward', 'ward.hospital'] }), visitPlace, {
      action,
      subject: 'Visit',
      notFound: () => new VisitNotFoundError(),
      forbidden: () => new ForbiddenError(`You cannot ${action} visits on this ward`),
    });
  }

  /**
   * The one way a visit changes state: in one transaction holding the visit's row. A change
   * that still loses a race at the database (a deadlock, a serialization failure, a stale
   * version) is CONFLICT naming the state the visit is now in, never an unexpected error.
   */
  private async change<T>(caller: Caller, visitId: string, action: ChangeAction, work: (em: EntityManager, visit: Visit, active: ActiveTrust) => Promise<T>): Promise<T> {
    const active = requireActiveTrust(caller);
    try {
      return await this.db.inTrust(active, async (em) => work(em, await this.visitFor(em, caller, active, visitId, action), active));
    } catch (error) {
      if (!(error instanceof DeadlockException || error instanceof LockWaitTimeoutException || error instanceof OptimisticLockError)) throw error;
      const now = await this.db.inTrust(active, (em) => em.findOne(Visit, { id: visitId }, { fields: ['status'] }));
      throw new VisitConflictError(`This visit was changed by someone else at the same moment${now ? `; it is now ${now.status.replace('_', ' ')}` : ''}`);
    }
  }

  private async assertCapacity(em: EntityManager, ward: Ward, start: Date, end: Date, except: string | null): Promise<void> {
    const overlapping = await em.find(Visit, {
      ward: { id: ward.id },
      status: { $in: [...ACTIVE_VISIT_STATUSES] },
      scheduledStart: { $lt: end },
      scheduledEnd: { $gt: start },
      ...(except ? { id: { $ne: except } } : {}),
    });
    checkCapacity(ward.maxConcurrentVisits, start, end, overlapping);
  }

  private recordChange(em: EntityManager, caller: Caller, visit: Visit, change: VisitChange, detail?: VisitEventDetail): void {
    recordVisitChange(em, visit, change, caller.staffId, detail);
  }

  async providerFor(em: EntityManager, trust: Trust): Promise<VideoProvider> {
    const secret = await trustSecret(em, this.settings, trust, 'videoSecret');
    if (!secret) throw new ConflictError("This trust's video service is not set up yet; ask the trust's digital team");
    return createVideoProvider({
      provider: trust.video.provider as 'whereby' | 'jitsi',
      secret,
      baseUrl: trust.video.baseUrl,
      wherebyApiUrl: this.settings.wherebyApiUrl,
      now: () => this.settings.now(),
    });
  }

  /** Rooms of cancelled, moved or finished visits are closed after the change commits; a failure only leaves a room to expire. */
  private async closeRooms(active: ActiveTrust, rooms: VideoRoom[]): Promise<void> {
    if (!rooms.length) return;
    const provider = await this.db.inTrust(active, async (em) => this.providerFor(em, await em.findOneOrFail(Trust, { id: active.trustId })));
    await Promise.allSettled(rooms.map((room) => provider.closeRoom(room)));
  }
}

type VisitEventDetail = Record<string, string | number | boolean | null>;

/** Writes a change's history event and audit record (what `visit-transitions.ts` says it writes), by a member of staff or, `null`, by the visitor or the platform. */
export function recordVisitChange(em: EntityManager, visit: Visit, change: VisitChange, actorStaffId: string | null, detail?: VisitEventDetail): void {
  em.create(VisitEvent, { trust: visit.trust.id, visit, type: change.event, actorStaffId, detail: detail ?? null, occurredAt: change.at });
  audit.record(em, { trustId: visit.trust.id, actorStaffId, action: change.audit, targetType: 'visit', targetId: visit.id, outcome: 'success', detail, at: change.at });
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Stops the visitor link working; returns the room to close, if one was opened. A moved
 * visit forgets the link entirely (a new one comes when it starts); a cancelled one
 * (`recognise`) and a finished one (`endedAt`) keep recognising it, so the family is told
 * the visit was cancelled or has ended rather than that the link is wrong.
 */
function revokeLink(visit: Visit, endedAt?: Date, options: { recognise?: boolean } = {}): VideoRoom | null {
  const room = visit.videoRoomRef && visit.videoProvider ? { provider: visit.videoProvider as VideoRoom['provider'], roomRef: visit.videoRoomRef } : null;
  if (endedAt) {
    if (visit.linkValidUntil && visit.linkValidUntil > endedAt) visit.linkValidUntil = endedAt;
  } else {
    if (!options.recognise) visit.visitorLinkHash = null;
    visit.linkValidUntil = null;
  }
  return room;
}

/** A ward the caller may book on; one they can only see is FORBIDDEN, one they cannot see (or none) is NOT_FOUND, as any id of nothing they may see. */
const BOOK_ON_WARD: RecordRule = {
  action: 'book',
  subject: 'Visit',
  seenThrough: ['Ward'],
  notFound: () => new NotFoundError('Ward'),
  forbidden: () => new ForbiddenError('You cannot book visits on this ward'),
};

/** Where a visit is, as the access rules see it: its ward (loaded with its hospital). */
function visitPlace(visit: Visit) {
  return wardPlace(visit.ward.getEntity());
}

/** A booking's details checked against the ward, its flags and the clock; every problem by field, or the cleaned booking. */
function checkBooking(
  input: BookVisitInput,
  ward: { status: string; defaultVisitMinutes: number; visitingHours: VisitingHours },
  timeZone: string,
  flags: Record<FeatureFlag, boolean>,
  now: Date,
) {
  const problems: FieldProblem[] = [];
  if (ward.status === 'archived') problems.push({ field: 'wardId', message: 'is archived and takes no bookings' });
  const people = checkPeople(input, problems);
  const lengthMinutes = input.lengthMinutes ?? ward.defaultVisitMinutes;
  checkLength(lengthMinutes, problems);
  let start: Date;
  if (input.startNow) {
    if (!flags.unscheduledVisits) problems.push({ field: 'startNow', message: 'this ward does not take unscheduled visits' });
    if (input.startAt) problems.push({ field: 'startAt', message: 'leave it out for a visit that starts now' });
    start = now;
  } else if (!input.startAt) {
    problems.push({ field: 'startAt', message: 'is required' });
    start = now;
  } else {
    start = input.startAt;
    checkNotPast(start, now, problems);
    if (!problems.some((p) => p.field === 'lengthMinutes') && !withinVisitingHours(start, lengthMinutes, ward.visitingHours, timeZone)) {
      problems.push({ field: 'startAt', message: `must be within the ward's visiting hours (${localTime(start, timeZone)} is not)` });
    }
  }
  if (problems.length) throw new BadUserInputError(problems);
  return { people, lengthMinutes, start, end: new Date(start.getTime() + lengthMinutes * 60_000) };
}

/** No more visits at once than the ward's devices. */
function checkCapacity(maxConcurrentVisits: number, start: Date, end: Date, overlapping: readonly { scheduledStart: Date; scheduledEnd: Date }[]): void {
  if (peakConcurrency(start, end, overlapping) > maxConcurrentVisits) {
    throw new BadUserInputError([{ field: 'startAt', message: `the ward already has ${maxConcurrentVisits} visit${maxConcurrentVisits > 1 ? 's' : ''} at that time, its limit` }]);
  }
}

/**
 * Takes the visit's row for the transaction: changes to one visit queue behind each other (two
 * "send again" clicks send once). `for no key update`, as an update itself locks: rows that
 * only refer to the visit (its history, written by a message's sender while a change waits for
 * that send) are not held up by it, so the two never deadlock.
 */
export async function lockVisit(em: EntityManager, active: Pick<ActiveTrust, 'trustId'>, visitId: string): Promise<void> {
  await em.getConnection().execute('select 1 from visit where trust_id = ? and id = ? for no key update', [active.trustId, visitId], 'run', em.getTransactionContext());
}

async function lockWard(em: EntityManager, wardId: string): Promise<void> {
  // bookings on one ward queue behind each other, so two can never both take the last device
  await em.getConnection().execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [wardId], 'run', em.getTransactionContext());
}


/** Whether the caller may read a visit's patient and contact details where it is: never once they are erased. */
function mayReadPersonal(caller: Caller, place: { trustId: string; wardId: string; hospitalId: string }, erased: boolean): boolean {
  return !erased && caller.ability.can('read', scoped('VisitPersonalData', place));
}

function canReadPersonalRow(caller: Caller, active: ActiveTrust, row: VisitListRow): boolean {
  return mayReadPersonal(caller, { trustId: active.trustId, wardId: row.ward_id, hospitalId: row.hospital_id }, row.personal_data_erased);
}

/** A row of the plain-SQL list as the fields of a visit. */
function visitFieldsOf(row: VisitListRow): VisitFields {
  return {
    id: row.id,
    status: row.status as VisitStatus,
    scheduledStart: new Date(row.scheduled_start),
    scheduledEnd: new Date(row.scheduled_end),
    lengthMinutes: row.length_minutes,
    startedAt: dateOf(row.started_at),
    visitorJoinedAt: dateOf(row.visitor_joined_at),
    endedAt: dateOf(row.ended_at),
    durationSeconds: row.duration_seconds,
    linkValidUntil: dateOf(row.link_valid_until),
    cancelReason: row.cancel_reason,
    patientName: row.patient_name,
    contactName: row.contact_name,
    contactMobile: row.contact_mobile,
    contactEmail: row.contact_email,
    rebookedFromId: row.rebooked_from_id,
  };
}

function historyEvent([type, occurredAt, actorStaffId]: NonNullable<VisitListRow['history']>[number]): VisitEventObject {
  return { type, occurredAt: new Date(occurredAt), actorStaffId };
}

function toObject(visit: Visit, personal: boolean, history: VisitEventObject[] | null): VisitObject {
  const ward = visit.ward.getEntity();
  const place = { id: ward.id, code: ward.code, name: ward.name, hospitalName: ward.hospital.isInitialized() ? ward.hospital.getEntity().name : '' };
  return visitObject({ ...visit, rebookedFromId: visit.rebookedFrom?.unwrap().id ?? null }, place, personal, history);
}

/** The fields of a visit the API returns, whether read through the ORM or written as plain SQL. */
type VisitFields = Pick<Visit, 'id' | 'status' | 'scheduledStart' | 'scheduledEnd' | 'lengthMinutes'> &
  Partial<Pick<Visit, 'startedAt' | 'visitorJoinedAt' | 'endedAt' | 'durationSeconds' | 'linkValidUntil' | 'cancelReason' | 'patientName' | 'contactName' | 'contactMobile' | 'contactEmail'>> & { rebookedFromId?: string | null };

function visitObject(visit: VisitFields, ward: VisitObject['ward'], personal: boolean, history: VisitEventObject[] | null): VisitObject {
  return {
    id: visit.id,
    ward,
    status: visit.status,
    scheduledStart: visit.scheduledStart,
    scheduledEnd: visit.scheduledEnd,
    lengthMinutes: visit.lengthMinutes,
    startedAt: visit.startedAt ?? null,
    visitorJoinedAt: visit.visitorJoinedAt ?? null,
    endedAt: visit.endedAt ?? null,
    durationSeconds: visit.durationSeconds ?? null,
    linkValidUntil: visit.linkValidUntil ?? null,
    rebookedFromId: visit.rebookedFromId ?? null,
    cancelReason: personal ? (visit.cancelReason ?? null) : null,
    patientName: personal ? (visit.patientName ?? null) : null,
    contactName: personal ? (visit.contactName ?? null) : null,
    contactMobile: personal ? (visit.contactMobile ?? null) : null,
    contactEmail: personal ? (visit.contactEmail ?? null) : null,
    history,
  };
}

function eventObject(event: VisitEvent): VisitEventObject {
  return { type: event.type, occurredAt: event.occurredAt, actorStaffId: event.actorStaffId ?? null };
}

function decodeCursor(cursor: string): { start: Date; id: string } | null {
  const decoded = decodeTimeCursor(cursor);
  return decoded && { start: decoded.at, id: decoded.id };
}

export type { VisitStatus };
