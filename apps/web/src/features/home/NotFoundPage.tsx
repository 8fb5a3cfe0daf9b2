import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t('home.notFound.title')} />
      <NotFound
        title={t('home.notFound.heading')}
        action={
          <Link className="btn btn-secondary" to="/">
            {t('home.notFound.goHome')}
          </Link>
        }
      >
        {t('home.notFound.text')}
      </NotFound>
    </div>
  );
}
