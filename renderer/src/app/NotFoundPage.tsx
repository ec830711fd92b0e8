import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  return (
    <PageHeader title="Page not found">
      <p>
        There is no page at this address. <a href="#/">Go to the overview</a>.
      </p>
    </PageHeader>
  );
}
