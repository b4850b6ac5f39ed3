// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmloutboxmodel.h"

PhoenixQmlOutboxModel::PhoenixQmlOutboxModel(QObject *parent)
    : PhoenixOutboxModel(parent)
{
}

PhoenixQmlOutboxModel::~PhoenixQmlOutboxModel()
{
    if (m_item)
        disconnect(m_item, nullptr, this, nullptr);
}

PhoenixQmlOutbox *PhoenixQmlOutboxModel::outboxItem() const
{
    return m_item;
}

void PhoenixQmlOutboxModel::setOutboxItem(PhoenixQmlOutbox *outbox)
{
    if (m_item == outbox)
        return;
    if (m_item)
        disconnect(m_item, nullptr, this, nullptr);
    m_item = outbox;
    if (m_item) {
        // The item makes its C++ outbox when it is complete, and a new one when socket or path change.
        connect(m_item, &PhoenixQmlOutbox::outboxChanged, this, [this] { setOutbox(m_item->outbox()); });
        connect(m_item, &QObject::destroyed, this, [this] { setOutbox(nullptr); });
    }
    setOutbox(m_item ? m_item->outbox() : nullptr);
    Q_EMIT outboxChanged();
}
