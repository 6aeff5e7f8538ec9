import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ID } from '@vv/platform/graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { HospitalObject, TrustObject, WardObject } from './dto/trust.object';
import { TrustService } from './trust.service';

@Resolver(() => TrustObject)
export class TrustResolver {
  constructor(@Inject(TrustService) private readonly trusts: TrustService) {}

  @Query(() => TrustObject, { description: 'The active trust (named by the X-Trust header)' })
  @Access.can('read', 'Trust')
  trust(@CurrentCaller() caller: Caller): Promise<TrustObject> {
    return this.trusts.current(caller);
  }

  @Query(() => [HospitalObject], { description: "The active trust's hospitals you may see, by name; archived ones only with includeArchived" })
  @Access.can('read', 'Hospital', { otherwise: 'empty' })
  hospitals(
    @CurrentCaller() caller: Caller,
    @Args('includeArchived', { type: () => Boolean, nullable: true, defaultValue: false }) includeArchived?: boolean,
  ): Promise<HospitalObject[]> {
    return this.trusts.hospitals(caller, { includeArchived });
  }

  @Query(() => [WardObject], { description: "The active trust's wards, optionally of one hospital" })
  @Access.can('read', 'Ward', { otherwise: 'empty' })
  wards(
    @CurrentCaller() caller: Caller,
    @Args('hospitalId', { type: () => ID, nullable: true }) hospitalId?: string,
    @Args('includeArchived', { type: () => Boolean, nullable: true, defaultValue: false }) includeArchived?: boolean,
  ): Promise<WardObject[]> {
    return this.trusts.wards(caller, { hospitalId, includeArchived });
  }
}
