import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n/index.js';

/** Switches the interface to the other language at once. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  return (
    <Button
      type="text"
      data-testid="lang-switch"
      icon={<TranslationOutlined />}
      title={t('header.switchLanguage')}
      onClick={() => void i18n.changeLanguage(language === 'en' ? 'zh-CN' : 'en')}
    >
      {t('header.otherLanguage')}
    </Button>
  );
}
