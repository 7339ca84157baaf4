/** Shown by the health check; set by the build, "dev" when run from source. */
export const APP_VERSION = process.env.FIELDSCHOOL_VERSION ?? 'dev';
