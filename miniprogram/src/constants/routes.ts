// Page paths in one place so links, the tab bar and the login return logic agree.
export const ROUTES = {
  home: '/pages/home/index',
  search: '/pages/search/index',
  report: '/pages/report/index',
  mine: '/pages/mine/index',
  login: '/pages/login/index',
  notFound: '/pages/not-found/index',
  registration: '/packages/registration/index/index',
  training: '/packages/training/index/index',
  trainingMine: '/packages/training/mine/index',
  trainingDesk: '/packages/training/desk/index',
  programs: '/packages/programs/index/index',
  programsMine: '/packages/programs/mine/index',
  programStory: '/packages/programs/story/index',
  tipoff: '/packages/tipoff/index/index',
  tipoffForm: '/packages/tipoff/form/index',
  tipoffTrack: '/packages/tipoff/track/index',
  credit: '/packages/credit/index/index',
  staff: '/packages/staff/index/index',
  messages: '/packages/messages/index/index',
} as const;

/** Tab pages can only be opened with switchTab (WeChat refuses navigateTo for them). */
export const TAB_ROUTES: readonly string[] = [ROUTES.home, ROUTES.search, ROUTES.report, ROUTES.mine];

export function isTabRoute(url: string): boolean {
  const path = url.split('?')[0];
  return TAB_ROUTES.includes(path.startsWith('/') ? path : `/${path}`);
}
