export * from './staff-member.entity';
export * from './role-assignment.entity';
