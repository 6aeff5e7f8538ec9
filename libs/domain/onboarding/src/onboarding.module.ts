import { Module, type DynamicModule } from '@nestjs/common';
import { TrustsModule } from '@vv/domain/trusts';
import { SIGN_IN_CLOCK } from '@vv/domain/staff';
import { OnboardingResolver } from './onboarding.resolver';
import { OnboardingService } from './onboarding.service';
import { PlatformService } from './platform.service';
import { PlatformResolver } from './platform.resolver';

/** The central team's work: onboarding trusts, their status and groups, and the platform's own staff. */
@Module({})
export class OnboardingModule {
  /** `clock.now` is the platform's clock: invitations and roles granted here are dated by it, as sign-ins are. */
  static register(clock: { now(): Date }): DynamicModule {
    return {
      module: OnboardingModule,
      imports: [TrustsModule],
      providers: [{ provide: SIGN_IN_CLOCK, useValue: () => clock.now() }, OnboardingService, OnboardingResolver, PlatformService, PlatformResolver],
      exports: [OnboardingService],
    };
  }
}
