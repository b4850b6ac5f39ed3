// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixqmloutbox.h"

#include <phoenixoutboxmodel.h>

#include <QtCore/QPointer>
#include <QtQml/qqmlregistration.h>

/*!
 * \brief The QML type \c PhoenixOutboxModel (module \c Phoenix.Outbox): the pending entries of a
 * PhoenixOutbox item as a list model.
 *
 * \code
 * ListView {
 *     model: PhoenixOutboxModel { outbox: outbox; topic: "room:lobby" }
 *     delegate: Label {
 *         text: model.payload.body + (model.lastError ? " (" + model.lastError + ")" : "")
 *         opacity: 0.5   // not confirmed yet
 *     }
 * }
 * \endcode
 *
 * One row per pending entry, oldest first (roles \c key, \c topic, \c event, \c payload,
 * \c attempts, \c created, \c lastError, \c sending, \c entry; see PhoenixOutboxModel), only those of
 * \c topic when it is set. It follows the item's C++ outbox, also when the item replaces it.
 *
 * Lives in the QML engine's thread.
 */
class PhoenixQmlOutboxModel : public PhoenixOutboxModel
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PhoenixOutboxModel)
    //! The PhoenixOutbox item whose entries are shown (not owned).
    Q_PROPERTY(PhoenixQmlOutbox *outbox READ outboxItem WRITE setOutboxItem NOTIFY outboxChanged)

public:
    //! Creates an empty model; it shows entries once outbox is set.
    explicit PhoenixQmlOutboxModel(QObject *parent = nullptr);
    //! Destroys the model (the outbox item is not owned).
    ~PhoenixQmlOutboxModel() override;

    //! Returns the outbox property: the PhoenixOutbox item shown (not owned).
    PhoenixQmlOutbox *outboxItem() const;
    //! Sets the outbox property: the PhoenixOutbox item shown (not owned).
    void setOutboxItem(PhoenixQmlOutbox *outbox);

Q_SIGNALS:
    //! Emitted when the outbox property changes.
    void outboxChanged();

private:
    QPointer<PhoenixQmlOutbox> m_item;
};
