// Testing Library waits up to 1 s by default; CI machines share two cores with the builds and the
// database, so a page's first load may take longer than that without anything being wrong.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 10_000 });
