// Stylesheets are imported for their side effect in the app; jsdom does not need them.
export default {};
