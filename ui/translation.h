#pragma once

class QLocale;

namespace RasaChat {

// Installs the translation of the chat for `locale` into the application, with Qt's own for its standard
// dialogs where Debian's qt6-translations-l10n has it. Returns false when the chat has none for that
// language (it then stays in English, its source language).
bool installTranslations(const QLocale &locale);

} // namespace RasaChat
