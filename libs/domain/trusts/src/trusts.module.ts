import { Module } from '@nestjs/common';
import { TrustResolver } from './trust.resolver';
import { TrustService } from './trust.service';

@Module({ providers: [TrustService, TrustResolver], exports: [TrustService] })
export class TrustsModule {}
