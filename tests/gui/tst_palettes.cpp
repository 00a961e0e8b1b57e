// Colours: every text the transcript paints is readable (WCAG AA, 4.5:1) in the light, dark and
// high-contrast palettes, in the system's, and in a careless one; the delegate paints those colours; the
// View menu switches the theme and keeps it.
#include "chatwidget.h"
#include "chatwidget_p.h"
#include "chatwindow.h"
#include "fakechannel.h"
#include "message/botmessage.h"
#include "messagedelegate.h"
#include "theme.h"
#include "transcriptcolors.h"
#include "transcriptmodel.h"

#include <QAction>
#include <QApplication>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace RasaChat;

namespace {

bool near(const QColor &a, const QColor &b)
{
    return std::abs(a.red() - b.red()) <= 2 && std::abs(a.green() - b.green()) <= 2 &&
           std::abs(a.blue() - b.blue()) <= 2;
}

} // namespace

class tst_Palettes : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void contrastRatioKnownAnswers();
    void everyTextIsReadable_data();
    void everyTextIsReadable();
    void theDelegatePaintsThoseColours();
    void viewMenuSwitchesAndKeepsTheTheme();

private:
    QTemporaryDir m_dir;
};

void tst_Palettes::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("rasa-chat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_palettes"));
}

void tst_Palettes::contrastRatioKnownAnswers()
{
    QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
    QCOMPARE(contrastRatio(Qt::white, Qt::white), 1.0);
    // WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes AA; #777777 is 4.48:1.
    QCOMPARE(qRound(contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) * 100), 454);
    QCOMPARE(qRound(contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white) * 100), 448);
    QCOMPARE(qRound(contrastRatio(QColor(0x30, 0x8c, 0xc6), Qt::white) * 100), 369); // Fusion's Highlight
    // withContrast() leaves a good colour alone and moves a bad one just past the bar.
    QCOMPARE(withContrast(Qt::black, Qt::white), QColor(Qt::black));
    const QColor fixed = withContrast(QColor(0x99, 0x99, 0x99), Qt::white);
    QVERIFY(contrastRatio(fixed, Qt::white) >= 4.5);
    QVERIFY(contrastRatio(fixed, Qt::white) < 6.0);
}

void tst_Palettes::everyTextIsReadable_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("light") << Themes::palette(Theme::Light);
    QTest::newRow("dark") << Themes::palette(Theme::Dark);
    QTest::newRow("high-contrast") << Themes::palette(Theme::HighContrast);
    QTest::newRow("system") << QApplication::palette();
    // What a dark style sheet over a light palette gives: light text everywhere, light surfaces.
    QPalette careless = Themes::palette(Theme::Light);
    for (auto role : {QPalette::Text, QPalette::HighlightedText, QPalette::PlaceholderText, QPalette::Link})
        careless.setColor(role, QColor(0xee, 0xee, 0xee));
    QTest::newRow("light text on light surfaces") << careless;
}

void tst_Palettes::everyTextIsReadable()
{
    QFETCH(QPalette, palette);
    const TranscriptColors colors = TranscriptColors::from(palette);
    for (const TranscriptColors::Pair &pair : colors.textPairs()) {
        const double ratio = contrastRatio(pair.text, pair.background);
        qInfo("%-24s %s on %s  %5.2f:1", pair.what, qPrintable(pair.text.name()),
              qPrintable(pair.background.name()), ratio);
        QVERIFY2(ratio >= 4.5, pair.what);
    }
}

void tst_Palettes::theDelegatePaintsThoseColours()
{
    Themes::apply(Theme::Dark);
    FakeChannel channel{QStringLiteral("palette-session")};
    ChatWidget chat;
    chat.resize(600, 400);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    ChatWidgetPrivate::setChannel(&chat, &channel);
    chat.sendText(QStringLiteral("hello"));
    channel.reply(QStringLiteral("Hello there"));
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    auto *delegate = qobject_cast<MessageDelegate *>(view->itemDelegate());
    const TranscriptColors colors = TranscriptColors::from(view->palette());
    QCOMPARE(view->palette().color(QPalette::Base), Themes::palette(Theme::Dark).color(QPalette::Base));
    QTRY_VERIFY(view->visualRect(ChatWidgetPrivate::transcriptOf(&chat)->index(1)).isValid());
    const QImage shot = view->viewport()->grab().toImage();
    for (int row : {0, 1}) {
        const QModelIndex index = ChatWidgetPrivate::transcriptOf(&chat)->index(row);
        QStyleOptionViewItem option;
        option.initFrom(view);
        option.rect = view->visualRect(index);
        option.widget = view;
        // Inside the bubble's padding, above and left of the text.
        const QPoint inBubble = delegate->textRect(option, index).topLeft() - QPoint(4, 4);
        const QColor painted = shot.pixelColor(inBubble * shot.devicePixelRatio());
        const QColor expected = row == 0 ? colors.userBubble : colors.botBubble;
        QVERIFY2(
            near(painted, expected),
            qPrintable(QStringLiteral("row %1: %2, not %3").arg(row).arg(painted.name(), expected.name())));
    }
    Themes::apply(Theme::System);
}

void tst_Palettes::viewMenuSwitchesAndKeepsTheTheme()
{
    const QColor systemWindow = QApplication::palette().color(QPalette::Window);
    ChatWindow window;
    QAction *dark = nullptr;
    for (QAction *a : window.menuBar()->findChildren<QAction *>())
        if (a->data().toString() == QLatin1String("dark"))
            dark = a;
    QVERIFY(dark);
    QVERIFY(!dark->isChecked());
    dark->trigger();
    QVERIFY(dark->isChecked());
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             Themes::palette(Theme::Dark).color(QPalette::Window));
    QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toString(), QStringLiteral("dark"));
    QCOMPARE(Themes::stored(), Theme::Dark);
    Themes::apply(Theme::System);
    QCOMPARE(QApplication::palette().color(QPalette::Window), systemWindow);
}

QTEST_MAIN(tst_Palettes)
#include "tst_palettes.moc"
