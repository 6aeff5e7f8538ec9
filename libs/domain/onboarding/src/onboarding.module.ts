import { Module, type DynamicModule } from '@nestjs/common';
import { SECRET_SOURCE, type VideoSettingsSource } from './video-settings';
import { TrustsModule } from '@vv/domain/trusts';
import { SIGN_IN_CLOCK } from '@vv/domain/staff';
import { OnboardingResolver } from './onboarding.resolver';
import { OnboardingService } from './onboarding.service';
import { TrustAdminService } from './trust-admin.service';
import { TrustAdminResolver } from './trust-admin.resolver';
import { PlatformService } from './platform.service';
import { PlatformResolver } from './platform.resolver';

/** The central team's onboarding and a trust's own administration. */
@Module({})
export class OnboardingModule {
  /** `settings.now` is the platform's clock: invitations and roles granted here are dated by it, as sign-ins are. */
  static register(settings: VideoSettingsSource): DynamicModule {
    return {
      module: OnboardingModule,
      imports: [TrustsModule],
      providers: [{ provide: SECRET_SOURCE, useValue: settings }, { provide: SIGN_IN_CLOCK, useValue: () => settings.now() }, OnboardingService, OnboardingResolver, TrustAdminService, TrustAdminResolver, PlatformService, PlatformResolver],
      exports: [OnboardingService],
    };
  }
}
