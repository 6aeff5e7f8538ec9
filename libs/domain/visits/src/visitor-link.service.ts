import { Inject, Injectable } from '@nestjs/common';
import { TenantDatabase } from '@vv/platform/database';
import { Trust, TrustDirectory, type TrustBranding } from '@vv/domain/trusts';
import { Visit } from './visit.entity';
import { VISIT_SETTINGS, type VisitSettings } from './visit-settings';
import { applyVisitMove, isLinkOpen } from './visit-transitions';
import { hashToken, lockVisit, recordVisitChange, VisitService } from './visit.service';

export type VisitorLinkState = 'open' | 'not_yet' | 'ended' | 'cancelled' | 'unknown';

/** What the visitor's page may show: the trust's branding, the ward and the time. Never who the visit is for. */
export interface VisitorLinkView {
  readonly state: VisitorLinkState;
  readonly branding?: TrustBranding;
  readonly trustName?: string;
  readonly wardName?: string;
  readonly hospitalName?: string;
  /** When the visit is booked for, and for how long. */
  readonly startsAt?: Date;
  readonly lengthMinutes?: number;
  /** The visitor has joined already (the visit is in progress): the page offers to join again. */
  readonly joined?: boolean;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The key contact's side of a visit. The link names the trust and carries a random token;
 * only the token's hash is stored, so a link is found by hashing what was presented.
 */
@Injectable()
export class VisitorLinkService {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustDirectory) private readonly trusts: TrustDirectory,
    @Inject(VISIT_SETTINGS) private readonly settings: VisitSettings,
    @Inject(VisitService) private readonly visits: VisitService,
  ) {}

  async view(odsCode: string, token: string): Promise<VisitorLinkView> {
    const found = await this.find(odsCode, token, async (_em, visit, trust) => describe(visit, trust, this.stateOf(visit)));
    return found;
  }

  /** Records the visitor joining and mints the provider's join address; anything else returns the page's view. */
  async join(odsCode: string, token: string): Promise<{ url: string } | VisitorLinkView> {
    return this.find(odsCode, token, async (em, found, trust) => {
      // the visit's row, as every change to a visit takes it: a cancel or end at the same moment is seen, never overwritten
      await lockVisit(em, { trustId: trust.id }, found.id);
      const visit = await em.refresh(found, { populate: ['ward', 'ward.hospital', 'videoRoomRef'] });
      if (!visit || visit.visitorLinkHash !== hashToken(token)) return { state: 'unknown', branding: trust.branding, trustName: trust.name };
      const state = this.stateOf(visit);
      if (state !== 'open') return describe(visit, trust, state);
      const now = this.settings.now();
      const url = await (await this.visits.providerFor(em, trust)).visitorJoinUrl({
        room: { provider: visit.videoProvider as 'whereby' | 'jitsi', roomRef: visit.videoRoomRef! },
        notBefore: now,
        expiresAt: visit.linkValidUntil!,
        displayName: 'Visitor',
      });
      recordVisitChange(em, visit, applyVisitMove(visit, 'join', now), null);
      return { url };
    });
  }

  private async find<T>(odsCode: string, token: string, work: (em: Parameters<Parameters<TenantDatabase['inTrust']>[1]>[0], visit: Visit, trust: Trust) => Promise<T | VisitorLinkView>): Promise<T | VisitorLinkView> {
    await this.trusts.ready();
    const entry = this.trusts.byOdsCode(odsCode);
    if (!entry) return { state: 'unknown' };
    return this.db.inTrust({ trustId: entry.id, odsCode: entry.odsCode }, async (em) => {
      const trust = await em.findOneOrFail(Trust, { id: entry.id });
      const visit = TOKEN.test(token)
        ? await em.findOne(Visit, { visitorLinkHash: hashToken(token) }, { populate: ['ward', 'ward.hospital', 'videoRoomRef'] })
        : null;
      if (!visit) return { state: 'unknown', branding: trust.branding, trustName: trust.name };
      return work(em, visit, trust);
    });
  }

  private stateOf(visit: Visit): VisitorLinkState {
    const now = this.settings.now();
    if (visit.status === 'cancelled') return 'cancelled';
    if (!isLinkOpen(visit.status)) return 'ended';
    if (visit.linkValidFrom && now < visit.linkValidFrom) return 'not_yet';
    if (!visit.linkValidUntil || now > visit.linkValidUntil) return 'ended';
    return 'open';
  }
}

function describe(visit: Visit, trust: Trust, state: VisitorLinkState): VisitorLinkView {
  const ward = visit.ward.getEntity();
  return {
    state,
    branding: trust.branding,
    trustName: trust.name,
    wardName: ward.name,
    hospitalName: ward.hospital.getEntity().name,
    startsAt: visit.scheduledStart,
    lengthMinutes: visit.lengthMinutes,
    joined: visit.status === 'in_progress',
  };
}
