import { Module } from '@nestjs/common';
import { TrustDirectory } from './trust-directory';
import { TrustResolver } from './trust.resolver';
import { TrustService } from './trust.service';

@Module({ providers: [TrustService, TrustResolver, TrustDirectory], exports: [TrustService, TrustDirectory] })
export class TrustsModule {}
