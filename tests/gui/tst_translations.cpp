// The German translation: what rasa-chat --lang de installs turns the menus, the chat and the words a
// screen reader reads into German; a language without a translation leaves English.
#include "chatwidget.h"
#include "chatwindow.h"
#include "translation.h"

#include <QAction>
#include <QCoreApplication>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace RasaChat;

namespace {

QStringList menuTitles(ChatWindow &window)
{
    QStringList titles;
    for (QAction *a : window.menuBar()->actions())
        titles.append(a->text());
    return titles;
}

QStringList actionTexts(QMenu *menu)
{
    QStringList texts;
    for (QAction *a : menu->actions())
        if (!a->isSeparator())
            texts.append(a->text());
    return texts;
}

} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void withoutATranslationTheMenusStayEnglish();
    void germanMenusAndChat();

private:
    QTemporaryDir m_dir;
};

void tst_Translations::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("rasa-chat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
}

void tst_Translations::withoutATranslationTheMenusStayEnglish()
{
    QVERIFY(!installTranslations(QLocale(QLocale::Japanese)));
    ChatWindow window;
    QCOMPARE(menuTitles(window),
             (QStringList{QStringLiteral("&File"), QStringLiteral("&Connection"), QStringLiteral("&View")}));
}

void tst_Translations::germanMenusAndChat()
{
    QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany)));
    ChatWindow window;
    QCOMPARE(menuTitles(window), (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Verbindung"),
                                              QStringLiteral("&Ansicht")}));
    QMenu *connection = window.menuBar()->actions().at(1)->menu();
    QCOMPARE(actionTexts(connection).first(), QStringLiteral("&Verbinden"));
    QMenu *view = window.menuBar()->actions().at(2)->menu();
    QCOMPARE(actionTexts(view).first(), QStringLiteral("&Farbschema"));
    QCOMPARE(actionTexts(view->actions().first()->menu()),
             (QStringList{QStringLiteral("&System"), QStringLiteral("&Hell"), QStringLiteral("&Dunkel"),
                          QStringLiteral("Hoher &Kontrast")}));
    // The chat itself: its button, the connection line, the placeholder.
    bool send = false;
    for (QPushButton *b : window.chat()->findChildren<QPushButton *>())
        send = send || b->text() == QLatin1String("Senden");
    QVERIFY(send);
    QCOMPARE(window.chat()->connectionText(), QStringLiteral("Nicht verbunden"));
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
