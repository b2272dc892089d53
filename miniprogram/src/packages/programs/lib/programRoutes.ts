// Pages of the programs subpackage (品牌与非遗项目), owner and public side.
export const PROGRAM_ROUTES = {
  index: '/packages/programs/index/index',
  detail: '/packages/programs/detail/index',
  apply: '/packages/programs/apply/index',
  mine: '/packages/programs/mine/index',
  notice: '/packages/programs/notice/index',
  awards: '/packages/programs/awards/index',
  gallery: '/packages/programs/gallery/index',
  story: '/packages/programs/story/index',
  storyEdit: '/packages/programs/story-edit/index',
} as const;
