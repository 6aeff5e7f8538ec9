import { Inject, Injectable } from '@nestjs/common';
import { BadUserInputError, ForbiddenError, NotFoundError, type TrustStatus, isWorkEmail } from '@vv/contracts';
import { callerCan, type Caller } from '@vv/platform/access';
import { TenantDatabase } from '@vv/platform/database';
import { parseTenantConfig, readTenantDocument, TenantConfigInvalidError, Trust, TrustDirectory, TrustGroup, type TenantConfig } from '@vv/domain/trusts';
import { Invitation, SIGN_IN_CLOCK } from '@vv/domain/staff';
import { audit } from '@vv/domain/audit';
import { TrustConfigurationService } from './trust-configuration.service';
import { exportTrustConfiguration } from './trust-configuration.exporter';
import type { OnboardedTrustObject } from './dto/onboarding.object';
import type { OnboardingPreviewObject } from './dto/platform.object';
import { formatChange } from './format-changes';


/** The central team's work: bring a trust onto the platform, suspend, archive, and read back its configuration. */
@Injectable()
export class OnboardingService {
  private readonly configurations: TrustConfigurationService;

  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustDirectory) private readonly trusts: TrustDirectory,
    @Inject(SIGN_IN_CLOCK) private readonly clock: () => Date,
  ) {
    this.configurations = new TrustConfigurationService(db);
  }

  /** From the same document as tenants/, in one transaction: a bad document changes nothing and every problem is named. */
  async onboard(caller: Caller, documentText: string, firstAdminEmail?: string): Promise<OnboardedTrustObject> {
    const { config, adminEmail } = this.read(caller, documentText, firstAdminEmail);
    let invitationId: string | null = null;
    const result = await this.configurations.apply(config, {
      dryRun: false,
      onlyNew: true,
      actorStaffId: caller.staffId,
      alsoInTransaction: async (em, trustId) => {
        if (adminEmail) {
          const invitation = em.create(Invitation, { trust: trustId, email: adminEmail, role: 'trust_admin', scope: 'trust', invitedByStaffId: caller.staffId, createdAt: this.clock() });
          invitationId = invitation.id;
          audit.record(em, { trustId, actorStaffId: caller.staffId, action: 'staff.invited', targetType: 'invitation', targetId: invitation.id, outcome: 'success', detail: { role: 'trust_admin', scope: 'trust' } });
        }
      },
    });
    await this.db.platform(async (em) => audit.record(em, { actorStaffId: caller.staffId, action: 'trust.onboarded', targetType: 'trust', targetId: result.trustId, concernsTrustId: result.trustId, outcome: 'success' }));
    await this.trusts.refresh();
    return { id: result.trustId, odsCode: config.odsCode, name: config.name, status: config.status, changes: result.changes.length, firstAdminInvitationId: invitationId };
  }

  /**
   * What onboarding would do, with the same checks, writing nothing: the changes one line each
   * (as `tenants:sync --dry-run` prints them), so the central team reads them before applying.
   */
  async preview(caller: Caller, documentText: string, firstAdminEmail?: string): Promise<OnboardingPreviewObject> {
    const { config, adminEmail } = this.read(caller, documentText, firstAdminEmail);
    const result = await this.configurations.apply(config, { dryRun: true, onlyNew: true });
    const group = config.group ? await this.db.platform((em) => em.findOne(TrustGroup, { code: config.group!.code })) : null;
    return {
      odsCode: config.odsCode,
      name: config.name,
      group: config.group ? { id: group?.id ?? '', code: config.group.code, name: group?.name ?? config.group.name } : null,
      changes: result.changes.map(formatChange),
      firstAdminEmail: adminEmail ?? null,
    };
  }

  /** The document and the first admin's address, checked: every problem named by its field. */
  private read(caller: Caller, documentText: string, firstAdminEmail?: string): { config: TenantConfig; adminEmail?: string } {
    if (!caller.ability.can('onboard', 'Trust')) throw new ForbiddenError('Only the central team onboards trusts');
    let config: TenantConfig;
    try {
      config = parseTenantConfig(readTenantDocument(documentText, 'document'), 'document');
    } catch (error) {
      if (error instanceof TenantConfigInvalidError) {
        throw new BadUserInputError(error.problems.map((p) => ({ field: p.field === '(document)' ? 'document' : p.field.startsWith('line ') ? `document (${p.field})` : `document.${p.field}`, message: p.message })));
      }
      throw error;
    }
    const adminEmail = firstAdminEmail?.trim().toLowerCase();
    if (adminEmail !== undefined) {
      const problems = !isWorkEmail(adminEmail)
        ? [{ field: 'firstAdminEmail', message: 'is not an email address' }]
        : !config.identity.inviteEmailDomains.includes(adminEmail.split('@')[1])
          ? [{ field: 'firstAdminEmail', message: "must be at one of the trust's invitation domains" }]
          : [];
      if (problems.length) throw new BadUserInputError(problems);
    }
    return { config, adminEmail };
  }

  /** Suspended: staff cannot sign in and messages stop, data kept. Archived: read-only for the retention period. */
  async setStatus(caller: Caller, odsCode: string, status: TrustStatus): Promise<OnboardedTrustObject> {
    const action = status === 'suspended' ? 'suspend' : status === 'archived' ? 'archive' : 'onboard';
    if (!caller.ability.can(action, 'Trust')) throw new ForbiddenError('Only the central team changes a trust\'s status');
    const updated = await this.db.platform(async (em) => {
      const trust = await em.findOne(Trust, { odsCode: odsCode.toUpperCase() });
      if (!trust) throw new NotFoundError('Trust');
      if (trust.status === 'archived' && status !== 'archived') throw new BadUserInputError([{ field: 'status', message: 'an archived trust cannot be brought back; onboard it again' }]);
      const from = trust.status;
      trust.status = status;
      audit.record(em, { actorStaffId: caller.staffId, action: `trust.status_${status}`, targetType: 'trust', targetId: trust.id, concernsTrustId: trust.id, outcome: 'success', detail: { from, to: status } });
      return trust;
    });
    await this.trusts.refresh();
    return { id: updated.id, odsCode: updated.odsCode, name: updated.name, status: updated.status, changes: 1, firstAdminInvitationId: null };
  }

  /** The trust's configuration as it runs, in the tenants/ format. Platform admins, or the trust's own admins. */
  async export(caller: Caller, odsCode: string): Promise<string> {
    await this.trusts.ready();
    const entry = this.trusts.byOdsCode(odsCode);
    // the central team reads any trust's; a trust's own admins read theirs (their rules reach only their active trust)
    if (!entry || !(caller.ability.can('onboard', 'Trust') || callerCan(caller, 'read', 'TrustSettings', { trustId: entry.id }))) throw new NotFoundError('Trust');
    return this.db.inTrust({ trustId: entry.id, odsCode: entry.odsCode }, (em) => exportTrustConfiguration(em, entry.id));
  }
}
