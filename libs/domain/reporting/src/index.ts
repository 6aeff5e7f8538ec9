export * from './visit-stats.sql';
export * from './visit-stats.service';
export * from './visit-stats.resolver';
export * from './visit-stats-csv.controller';
export * from './visit-stats.csv';
export * from './reporting.exception';
export * from './reporting.module';
export * from './dto/visit-stats.object';
