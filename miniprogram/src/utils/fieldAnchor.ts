/** The id a form field's wrapper carries so an error summary can jump to it (ids allow only [\w-] on both platforms). */
export const fieldAnchor = (name: string) => `f-${name.replace(/[^\w-]/g, '-')}`;
