/**
 * What Hearken accepts as a person's file. Files are kept as references (name, type, size, where
 * the platform keeps them), never as bytes in the database; staff see them re-posted in the card's
 * thread, so nothing a computer would run is ever re-hosted.
 */

/** Extensions of things that run when opened: refused whatever type the platform reports. */
export const BLOCKED_EXTENSIONS = [
  'exe',
  'bat',
  'cmd',
  'com',
  'sh',
  'bash',
  'js',
  'mjs',
  'vbs',
  'vbe',
  'wsf',
  'msi',
  'msp',
  'apk',
  'dmg',
  'pkg',
  'scr',
  'ps1',
  'psm1',
  'jar',
  'app',
  'deb',
  'rpm',
  'reg',
  'lnk',
  'hta',
  'cpl',
  'dll',
] as const;

/** Content types of programs and scripts, refused whatever the file is called. */
export const BLOCKED_MIME_TYPES = [
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-dosexec',
  'application/x-executable',
  'application/x-sh',
  'application/x-bat',
  'application/x-msi',
  'application/x-ms-installer',
  'application/vnd.android.package-archive',
  'application/x-apple-diskimage',
  'application/java-archive',
  'application/x-java-archive',
  'application/javascript',
  'text/javascript',
  'application/x-powershell',
  'text/x-shellscript',
] as const;

/**
 * The largest customer file Hearken keeps for staff: the smallest upload limit of the platforms it
 * re-posts to (Discord's 10 MiB default), so a file accepted on any platform can be shown.
 */
export const MAX_CUSTOMER_FILE_BYTES = 10 * 1024 * 1024;

/** At most this many files from one message are kept (Discord's 10 attachments per message). */
export const MAX_FILES_PER_MESSAGE = 10;

/** Why a file is refused. */
export const FILE_PROBLEMS = ['executable', 'too_large'] as const;
export type FileProblem = (typeof FILE_PROBLEMS)[number];

/** The problem with a file, or undefined when it may be kept and shown to staff. */
export function fileProblem(file: { name: string; mimeType: string; size: number }): FileProblem | undefined {
  // Windows drops trailing dots and spaces, so `setup.exe. ` runs as `setup.exe`; what counts is
  // the last extension (`invoice.pdf.exe` is a program).
  const name = file.name.toLowerCase().replace(/[.\s]+$/u, '');
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 ? name.slice(dot + 1) : '';
  if ((BLOCKED_EXTENSIONS as readonly string[]).includes(extension)) return 'executable';
  const mime = file.mimeType.toLowerCase().split(';')[0]?.trim() ?? '';
  if ((BLOCKED_MIME_TYPES as readonly string[]).includes(mime)) return 'executable';
  if (file.size > MAX_CUSTOMER_FILE_BYTES) return 'too_large';
  return undefined;
}
