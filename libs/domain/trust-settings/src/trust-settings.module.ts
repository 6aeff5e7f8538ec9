import { Module, type DynamicModule } from '@nestjs/common';
import { TrustsModule } from '@vv/domain/trusts';
import { SECRET_SOURCE, type VideoSettingsSource } from './video-settings';
import { TrustAdminService } from './trust-admin.service';
import { TrustAdminResolver } from './trust-admin.resolver';

/** A trust running itself: its hospitals, wards, branding, video, flags and retention. */
@Module({})
export class TrustSettingsModule {
  static register(settings: VideoSettingsSource): DynamicModule {
    return {
      module: TrustSettingsModule,
      imports: [TrustsModule],
      providers: [{ provide: SECRET_SOURCE, useValue: settings }, TrustAdminService, TrustAdminResolver],
    };
  }
}
