import { Module } from '@nestjs/common';
import { TrustsModule } from '@vv/domain/trusts';
import { OnboardingResolver } from './onboarding.resolver';
import { OnboardingService } from './onboarding.service';

@Module({ imports: [TrustsModule], providers: [OnboardingService, OnboardingResolver], exports: [OnboardingService] })
export class OnboardingModule {}
