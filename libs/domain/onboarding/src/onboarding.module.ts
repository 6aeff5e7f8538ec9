import { Module, type DynamicModule } from '@nestjs/common';
import type { SecretSource } from '@vv/domain/trusts';
import { SECRET_SOURCE } from './video-settings';
import { TrustsModule } from '@vv/domain/trusts';
import { OnboardingResolver } from './onboarding.resolver';
import { OnboardingService } from './onboarding.service';
import { TrustAdminService } from './trust-admin.service';
import { TrustAdminResolver } from './trust-admin.resolver';
import { PlatformService } from './platform.service';
import { PlatformResolver } from './platform.resolver';

/** The central team's onboarding and a trust's own administration. */
@Module({})
export class OnboardingModule {
  static register(secrets: SecretSource): DynamicModule {
    return {
      module: OnboardingModule,
      imports: [TrustsModule],
      providers: [{ provide: SECRET_SOURCE, useValue: secrets }, OnboardingService, OnboardingResolver, TrustAdminService, TrustAdminResolver, PlatformService, PlatformResolver],
      exports: [OnboardingService],
    };
  }
}
