#include "profiledialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace RasaChat {

ProfileDialog::ProfileDialog(const ConnectionProfile &p, QWidget *parent)
    : QDialog(parent), m_name(new QLineEdit(p.name)), m_url(new QLineEdit(p.url)), m_channel(new QComboBox),
      m_transport(new QComboBox), m_userEvt(new QLineEdit(p.userMessageEvt)),
      m_botEvt(new QLineEdit(p.botMessageEvt)), m_metadataKey(new QLineEdit(p.metadataKey)),
      m_persistence(new QCheckBox(tr("Keep the session across restarts"))),
      m_metadata(new QPlainTextEdit(p.metadataJson)), m_token(new QLineEdit(p.token)),
      m_receiverPort(new QSpinBox), m_caCert(new QLineEdit(p.caCertFile)), m_problem(new QLabel)
{
    setWindowTitle(tr("Connection profile"));
    m_channel->addItems({QStringLiteral("socketio"), QStringLiteral("rest"), QStringLiteral("callback")});
    m_channel->setCurrentText(p.channel);
    m_transport->addItems({QStringLiteral("auto"), QStringLiteral("polling"), QStringLiteral("websocket")});
    m_transport->setCurrentText(p.transport);
    m_persistence->setChecked(p.sessionPersistence);
    m_metadata->setPlaceholderText(QStringLiteral("{\"lang\": \"en\"}"));
    m_metadata->setMaximumHeight(80);
    m_token->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_receiverPort->setRange(0, 65535);
    m_receiverPort->setSpecialValueText(tr("any free port"));
    m_receiverPort->setValue(p.receiverPort);
    m_caCert->setPlaceholderText(tr("https: a PEM file of CA certificates to trust (optional)"));
    m_problem->setStyleSheet(QStringLiteral("color: palette(link)"));
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("Server &URL"), m_url);
    form->addRow(tr("&Channel"), m_channel);
    form->addRow(tr("&Transport"), m_transport);
    form->addRow(tr("User message event"), m_userEvt);
    form->addRow(tr("Bot message event"), m_botEvt);
    form->addRow(tr("Metadata key"), m_metadataKey);
    form->addRow(QString(), m_persistence);
    form->addRow(tr("&Metadata (JSON)"), m_metadata);
    form->addRow(tr("JWT token"), m_token);
    form->addRow(tr("Callback receiver port"), m_receiverPort);
    auto *caRow = new QHBoxLayout;
    auto *browse = new QPushButton(tr("&Browse…"));
    connect(browse, &QPushButton::clicked, this, &ProfileDialog::browseCaCert);
    caRow->addWidget(m_caCert);
    caRow->addWidget(browse);
    form->addRow(tr("TLS &CA certificate"), caRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    for (QLineEdit *e : {m_name, m_url, m_userEvt, m_botEvt, m_metadataKey, m_caCert})
        connect(e, &QLineEdit::textChanged, this, &ProfileDialog::validate);
    connect(m_metadata, &QPlainTextEdit::textChanged, this, &ProfileDialog::validate);
    connect(m_channel, &QComboBox::currentTextChanged, this, &ProfileDialog::validate);
    validate();
}

ConnectionProfile ProfileDialog::profile() const
{
    ConnectionProfile p;
    p.name = m_name->text().trimmed();
    p.url = m_url->text().trimmed();
    p.channel = m_channel->currentText();
    p.transport = m_transport->currentText();
    p.userMessageEvt = m_userEvt->text().trimmed();
    p.botMessageEvt = m_botEvt->text().trimmed();
    p.metadataKey = m_metadataKey->text().trimmed();
    p.sessionPersistence = m_persistence->isChecked();
    p.metadataJson = m_metadata->toPlainText().trimmed();
    p.token = m_token->text().trimmed();
    p.receiverPort = m_receiverPort->value();
    p.caCertFile = m_caCert->text().trimmed();
    return p;
}

void ProfileDialog::browseCaCert()
{
    auto *chooser = new QFileDialog(this, tr("CA certificate"), m_caCert->text(),
                                    tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::ExistingFile);
    connect(chooser, &QFileDialog::fileSelected, m_caCert, &QLineEdit::setText);
    chooser->open();
}

void ProfileDialog::validate()
{
    const ConnectionProfile p = profile();
    QString problem;
    const QUrl url(p.url);
    const bool socketio = p.channel == u"socketio";
    for (QWidget *w : std::initializer_list<QWidget *>{m_transport, m_userEvt, m_botEvt, m_metadataKey,
                                                       m_persistence, m_token})
        w->setEnabled(socketio);
    m_receiverPort->setEnabled(p.channel == u"callback");
    if (p.name.isEmpty())
        problem = tr("Give the profile a name.");
    else if (!url.isValid() || !url.scheme().startsWith(u"http") || url.host().isEmpty())
        problem = tr("The server URL must look like http://localhost:5005 or https://bot.example.com.");
    else if (socketio && (p.userMessageEvt.isEmpty() || p.botMessageEvt.isEmpty()))
        problem = tr("The event names must not be empty.");
    else if (p.caCertFile.isEmpty() || rasachat::loadCaCertificates(p.caCertFile, &problem))
        p.metadata(&problem); // otherwise `problem` says what is wrong with the CA file
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (m_ok)
        m_ok->setEnabled(problem.isEmpty());
}

} // namespace RasaChat
