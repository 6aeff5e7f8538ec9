import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { refuseUnreadableFields } from '../form-text';

/** The API takes a document of at most 100,000 characters; a file a little over that in bytes may still fit. */
const MAX_FILE_BYTES = 400_000;

const parser = multer({ storage: multer.memoryStorage(), limits: { files: 1, fileSize: MAX_FILE_BYTES, fields: 10, fieldSize: 400_000 } }).single('file');

/** What the onboarding form sent as a file, or why it could not be read. */
export interface OnboardingUpload {
  text?: string;
  problem?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    onboardingUpload?: OnboardingUpload;
  }
}

/**
 * The onboarding form posts as multipart (so a document can be uploaded as well as pasted,
 * without JavaScript): parsed before the CSRF check, which reads the token from the body,
 * and only for someone signed in. The file is kept in memory and read as UTF-8 text.
 */
export function onboardingUpload(req: Request, res: Response, next: NextFunction): void {
  if (!req.session?.person || !req.is('multipart/form-data')) return next();
  parser(req, res, (error: unknown) => {
    if (error instanceof multer.MulterError) {
      req.body ??= {};
      req.onboardingUpload = { problem: error.code === 'LIMIT_FILE_SIZE' ? 'The file must be smaller than 400 KB' : 'The file could not be read: send one file' };
      return next();
    }
    if (error) return next(error);
    const unreadable = refuseUnreadableFields(req.body as Record<string, unknown>);
    if (unreadable) return next(unreadable);
    const file = (req as Request & { file?: { buffer: Buffer; size: number } }).file;
    if (file && file.size > 0) {
      const text = file.buffer.toString('utf8');
      req.onboardingUpload = text.includes('\uFFFD') || text.includes('\u0000') ? { problem: 'The file must be a text file (YAML or JSON)' } : { text };
    }
    next();
  });
}
