// Taro's H5 Image is a <div> around an <img> without alt. The wrapper carries role="img" and the label
// (a11y()), and the inner <img> gets an empty alt so screen readers and axe treat it as presentational.
// imgProps is read by the H5 component only.
export const DECORATIVE_IMG = { imgProps: { alt: '' } } as Record<string, unknown>;
