import { useTranslation } from 'react-i18next';
import { Icon } from '../ui/icons';

interface Props {
  listening: boolean;
  onStart: () => void;
  onStop: () => void;
}

/**
 * Renders the microphone button. It stays enabled in browsers without speech recognition, so a tap
 * can explain why voice input is not available there.
 */
export function VoiceButton({ listening, onStart, onStop }: Props) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={listening ? 'icon-button chat-mic chat-mic--on' : 'icon-button chat-mic'}
      aria-label={t(listening ? 'chat.voice.stop' : 'chat.voice.start')}
      aria-pressed={listening}
      onClick={listening ? onStop : onStart}
    >
      <Icon>
        <rect x="9" y="3" width="6" height="11" rx="3" />
        <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
      </Icon>
    </button>
  );
}
