// The app's "not found" page: unknown paths, things the member may not see, and admin pages for members.
import { Link } from '../router.js';
import { Page } from '../ui.js';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <div data-testid="not-found">
        <p>There is nothing here, or it is not yours to see.</p>
        <p>
          <Link href="/">Back to my circles</Link>
        </p>
      </div>
    </Page>
  );
}
