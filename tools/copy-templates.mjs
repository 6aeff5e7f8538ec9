// Part of `npm run build`: SWC compiles the TypeScript; the pages' Nunjucks templates
// (*.njk, read at run time beside the code that renders them) are copied alongside.
import { cpSync, globSync } from 'node:fs';

for (const file of globSync('{apps,libs}/**/*.njk', { exclude: (path) => path.includes('__tests__') || path.includes('node_modules') })) {
  cpSync(file, `dist/${file}`);
}
