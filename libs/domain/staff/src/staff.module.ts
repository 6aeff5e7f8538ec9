import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CALLER_RESOLVER } from '@vv/platform/access';
import { EntraTokenVerifier, TokenRefusalRecorder } from '@vv/platform/auth';
import { TenantDatabase } from '@vv/platform/database';
import { audit } from '@vv/domain/audit';
import { CallerResolverService, ENTRA_TOKEN_VERIFIER, SIGN_IN_CLOCK, TOKEN_REFUSAL_RECORDER } from './caller-resolver.service';
import { StaffResolver } from './staff.resolver';
import { StaffService } from './staff.service';
import { CallerCache } from './caller-cache';
import { TrustDirectory, TrustsModule } from '@vv/domain/trusts';

export interface StaffModuleOptions {
  authorityBase: string;
  audience: string;
  /** Entra tenants whose users may hold platform roles, on top of those trusts accept. */
  platformTenantIds: readonly string[];
  /** The platform's clock, for the times sign-ins are recorded at. Default: the process clock. */
  clock?: () => Date;
}

/** Sign-in, the caller of each request, staff roles and invitations. */
@Module({})
export class StaffModule implements OnApplicationShutdown {
  constructor(@Inject(TOKEN_REFUSAL_RECORDER) private readonly refusals: TokenRefusalRecorder) {}

  /** Refusals counted since the last write still reach the audit. */
  async onApplicationShutdown(): Promise<void> {
    await this.refusals.drain().catch(() => undefined);
  }

  static register(options: StaffModuleOptions): DynamicModule {
    return {
      module: StaffModule,
      // global, so the platform's role changes (onboarding) forget a person in the one caller cache as they commit
      global: true,
      imports: [TrustsModule],
      providers: [
        {
          provide: ENTRA_TOKEN_VERIFIER,
          useFactory: (trusts: TrustDirectory) =>
            new EntraTokenVerifier({
              authorityBase: options.authorityBase,
              audience: options.audience,
              isAcceptedTenant: (tid) => options.platformTenantIds.includes(tid) || trusts.readableForTenant(tid).length > 0,
            }),
          inject: [TrustDirectory],
        },
        {
          provide: TOKEN_REFUSAL_RECORDER,
          useFactory: (db: TenantDatabase) =>
            new TokenRefusalRecorder((counts) =>
              db.platform(async (em) =>
                audit.record(em, { action: 'auth.tokens_refused', targetType: 'access_token', outcome: 'denied', detail: counts }),
              ),
            ),
          inject: [TenantDatabase],
        },
        { provide: SIGN_IN_CLOCK, useValue: options.clock ?? (() => new Date()) },
        CallerCache,
        CallerResolverService,
        { provide: CALLER_RESOLVER, useExisting: CallerResolverService },
        StaffService,
        StaffResolver,
      ],
      exports: [CALLER_RESOLVER, StaffService, TOKEN_REFUSAL_RECORDER, ENTRA_TOKEN_VERIFIER, CallerCache],
    };
  }
}
