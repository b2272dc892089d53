// The review desk's pages (app.config.ts lists them).
const root = '/packages/programs/desk';
export const DESK_ROUTES = {
  index: `${root}/index`,
  programForm: `${root}/program-form/index`,
  applications: `${root}/applications/index`,
  application: `${root}/application/index`,
  flagged: `${root}/flagged/index`,
} as const;
