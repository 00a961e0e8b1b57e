#include "translation.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace RasaChat {

bool installTranslations(const QLocale &locale)
{
    // qt_add_translations() puts the compiled catalogues into the library's resources under /i18n.
    auto *chat = new QTranslator(QCoreApplication::instance());
    if (!chat->load(locale, QStringLiteral("rasachat"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete chat;
        return false;
    }
    QCoreApplication::installTranslator(chat);
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

} // namespace RasaChat
