#pragma once

#include "connectionprofile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace RasaChat {

// Edits one connection profile; OK stays disabled, with the reason shown, while the input is not usable.
class ProfileDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ProfileDialog(const ConnectionProfile &profile, QWidget *parent = nullptr);

    ConnectionProfile profile() const;

private:
    void validate();
    void browseCaCert();

    QLineEdit *m_name;
    QLineEdit *m_url;
    QComboBox *m_channel;
    QComboBox *m_transport;
    QLineEdit *m_userEvt;
    QLineEdit *m_botEvt;
    QLineEdit *m_metadataKey;
    QCheckBox *m_persistence;
    QPlainTextEdit *m_metadata;
    QLineEdit *m_token;
    QSpinBox *m_receiverPort;
    QLineEdit *m_caCert;
    QLabel *m_problem;
    QPushButton *m_ok = nullptr;
};

} // namespace RasaChat
