odoo.define('customer_mgmt.menu_groups', function (require) {
"use strict";

var Menu = require('web.Menu');

// The groups of the Customers app (Customers, Follow-ups, Service, Analysis, Configuration)
// open one at a time in Odoo 11's side bar, as drop-downs: the app fits a 900-pixel screen.
var GROUP = '.oe_secondary_menu_section[data-menu-xmlid^="customer_"]';
var CLOSED = 'o_customer_menu_closed';

Menu.include({
    /**
     * @override
     */
    bind_menu: function () {
        var self = this;
        this._super.apply(this, arguments);
        this.$secondary_menus.on('click', GROUP, function (event) {
            var $group = $(event.currentTarget);
            if ($group.next('.oe_secondary_submenu').length) {
                self._customerOpenGroup($group, $group.hasClass(CLOSED));
            }
        });
        this._customerShowActiveGroup();
    },
    /**
     * @override
     */
    open_menu: function () {
        var result = this._super.apply(this, arguments);
        this._customerShowActiveGroup();
        return result;
    },
    /**
     * Open the group holding the current menu, close the others.
     */
    _customerShowActiveGroup: function () {
        if (!this.$secondary_menus) {
            return;
        }
        var $groups = this.$secondary_menus.find(GROUP).filter(function () {
            return $(this).next('.oe_secondary_submenu').length > 0;
        });
        $groups.addClass('o_customer_menu_group');
        var $active = this.$secondary_menus.find('a[data-menu=' + this.current_menu + ']');
        var $current = $active.parents('.oe_secondary_submenu').last().prevAll(GROUP).first();
        $groups.each(function () {
            var $group = $(this);
            $group.toggleClass(CLOSED, $group[0] !== $current[0]);
        });
    },
    /**
     * Open (or close) a group; opening it closes the others of the app.
     */
    _customerOpenGroup: function ($group, open) {
        if (open) {
            $group.siblings(GROUP).addClass(CLOSED);
        }
        $group.toggleClass(CLOSED, !open);
    },
});

});
