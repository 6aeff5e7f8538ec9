import { Module } from '@nestjs/common';
import { TrustsModule } from '@vv/domain/trusts';
import { OnboardingResolver } from './onboarding.resolver';
import { OnboardingService } from './onboarding.service';
import { TrustAdminService } from './trust-admin.service';
import { TrustAdminResolver } from './trust-admin.resolver';

@Module({ imports: [TrustsModule], providers: [OnboardingService, OnboardingResolver, TrustAdminService, TrustAdminResolver], exports: [OnboardingService] })
export class OnboardingModule {}
