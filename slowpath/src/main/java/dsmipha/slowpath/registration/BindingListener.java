package dsmipha.slowpath.registration;

/**
 * Hears every change of the binding cache, after the change is published to the fastpath: the binding store
 * journals it so that bindings survive a restart. Called on the signaling thread; must not call back into the
 * {@link RegistrationProcessor}.
 */
public interface BindingListener
{
    /** Hears nothing. */
    BindingListener NONE = new BindingListener()
    {
        @Override
        public void onBindingStored(final BindingRecord record, final long nowNs)
        {
        }

        @Override
        public void onBindingRemoved(final BindingRecord record, final long nowNs)
        {
        }
    };

    /**
     * A binding was created or refreshed (new care-of address, lifetime, leases).
     *
     * @param record the binding as it now is (read only; copy what is kept).
     * @param nowNs  current time on the processor's clock.
     */
    void onBindingStored(BindingRecord record, long nowNs);

    /**
     * A binding ended (deregistration or expiry).
     *
     * @param record the binding as it was.
     * @param nowNs  current time on the processor's clock.
     */
    void onBindingRemoved(BindingRecord record, long nowNs);
}
